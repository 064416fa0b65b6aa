using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Model;
using Observability.Ingest.Spool;

namespace Observability.Benchmarks;

/// <summary>
/// The spool's cost per row: append eight writer-sized batches (2,500 GPU rows each, 256 GPUs, dcgm-exporter's 25
/// default fields present) to the spool and replay them (read, check, decode, acknowledge). The baseline is the store
/// the spool stands in for, an in-memory DuckDB taking the same batches, so the ratio says whether a replay can keep
/// up with ingest. One invocation per iteration: each starts from an empty spool or a fresh database.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 25, invocationCount: 1)]
public class SpoolBenchmarks
{
    private const int Batches = 8;
    private const int RowsPerBatch = 2_500;
    private const int Rows = Batches * RowsPerBatch;

    private readonly List<RowBatch> _batches = [];
    private string _directory = "";
    private DuckDbTelemetryStore? _store;

    [GlobalSetup]
    public void Setup()
    {
        var start = new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var gpus = Enumerable.Range(0, 256)
            .Select(i => new GpuIdentity("prod-a", $"gpu-node-{i / 8:D3}", (i % 8).ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"GPU-{Guid.NewGuid()}", $"00000000:{i % 8 + 17:X2}:00.0", $"nvidia{i % 8}", "NVIDIA H100 80GB HBM3", "", "", "550.54.15",
                "inference", $"vllm-llama-{i / 8}", "vllm"))
            .ToArray();
        var random = new Random(42);
        for (var b = 0; b < Batches; b++)
        {
            var batch = new RowBatch { BatchId = Guid.NewGuid().ToString("N") };
            for (var r = 0; r < RowsPerBatch; r++)
            {
                var values = GpuSample.NewValues();
                for (var f = 0; f < 25; f++)
                {
                    values[f] = Math.Round(random.NextDouble() * 1000, 1);
                }

                batch.GpuSamples.Add(new GpuSample(start.AddSeconds(b * 10 + (r / 256) * 5), "10.0.0.7:9400", gpus[r % 256], values));
            }

            _batches.Add(batch);
        }
    }

    [IterationSetup(Targets = [nameof(SpoolAppendAndReplay), nameof(SpoolAppendAndReplayFsync)])]
    public void NewSpoolDirectory() => _directory = Directory.CreateTempSubdirectory("spool-bench-").FullName;

    [IterationCleanup(Targets = [nameof(SpoolAppendAndReplay), nameof(SpoolAppendAndReplayFsync)])]
    public void DeleteSpoolDirectory() => Directory.Delete(_directory, recursive: true);

    [IterationSetup(Target = nameof(DuckDbWrite))]
    public void NewStore()
    {
        _store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = ":memory:", Threads = 1 });
        _store.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    [IterationCleanup(Target = nameof(DuckDbWrite))]
    public void CloseStore() => _store!.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public async Task DuckDbWrite()
    {
        foreach (var batch in _batches)
        {
            batch.BatchId = Guid.NewGuid().ToString("N"); // a fresh id each time: the ledger must not skip the write
            await _store!.WriteAsync(batch, CancellationToken.None);
        }
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public int SpoolAppendAndReplay() => AppendAndReplay(sync: false);

    [Benchmark(OperationsPerInvoke = Rows)]
    public int SpoolAppendAndReplayFsync() => AppendAndReplay(sync: true);

    private int AppendAndReplay(bool sync)
    {
        using var instruments = new SpoolInstruments(null, "bench", () => 0, () => 0);
        using var spool = DiskSpool.Open(new SpoolOptions { Directory = _directory, SyncOnAppend = sync }, NullLogger.Instance, instruments);
        foreach (var batch in _batches)
        {
            if (!spool.TryAppend(batch, out _))
            {
                throw new InvalidOperationException("spool full");
            }
        }

        var rows = 0;
        while (spool.Oldest() is { } replayed)
        {
            rows += replayed.RowCount;
            spool.AcknowledgeOldest();
        }

        return rows == Rows ? rows : throw new InvalidOperationException($"replayed {rows} of {Rows} rows");
    }
}
