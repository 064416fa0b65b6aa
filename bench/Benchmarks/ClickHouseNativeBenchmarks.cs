using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Observability.ClickHouseStore.Writing;
using Observability.Ingest.Model;

namespace Observability.Benchmarks;

/// <summary>
/// The ClickHouse store's client-side cost per GPU row: checking and chunking the rows, then encoding them as one
/// Native block into the pooled buffer and streaming it (here to <see cref="Stream.Null"/>, so the server's share is left out).
/// The baseline formats the same rows as TabSeparated text, what a text-format client such as
/// <c>clickhouse-client … FORMAT TabSeparated</c> is handed. Run: <c>--filter '*ClickHouseNative*'</c>.
/// </summary>
[MemoryDiagnoser]
public class ClickHouseNativeBenchmarks
{
    private const int Rows = 8_192;
    private readonly List<GpuSample> _rows = [];
    private BinaryBuffer _buffer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        var gpus = Enumerable.Range(0, 512).Select(g => new GpuIdentity(
            "prod-a", $"gpu-node-{g / 8:D3}", $"{g % 8}", $"GPU-{Guid.NewGuid()}", $"00000000:{0x17 + (g % 8):X2}:00.0",
            $"nvidia{g % 8}", "NVIDIA H100 80GB HBM3", "", "", "550.54.15", "inference", $"vllm-{g / 8}", "vllm")).ToArray();
        var start = new DateTime(2025, 3, 3, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < Rows; i++)
        {
            var values = GpuSample.NewValues();
            for (var f = 0; f < values.Length; f++)
            {
                values[f] = f % 7 == 6 ? double.NaN : Math.Round(random.NextDouble() * 1000, 2);
            }

            _rows.Add(new GpuSample(start.AddSeconds(15 * (i / gpus.Length)), $"10.0.0.{i % gpus.Length / 8}:9400", gpus[i % gpus.Length], values));
        }

        _buffer = new BinaryBuffer();
    }

    [GlobalCleanup]
    public void Cleanup() => _buffer.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public long TabSeparatedText()
    {
        var line = new StringBuilder(1024);
        long length = 0;
        foreach (var row in _rows)
        {
            line.Clear();
            line.Append(row.Timestamp.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append('\t').Append(row.Target).Append('\t');
            var g = row.Gpu;
            foreach (var text in new[] { g.Cluster, g.Node, g.GpuIndex, g.Uuid, g.PciBusId, g.Device, g.ModelName, g.MigProfile, g.MigInstanceId, g.DriverVersion, g.Namespace, g.Pod, g.Container })
            {
                line.Append(text).Append('\t');
            }

            foreach (var value in row.Values)
            {
                if (double.IsNaN(value))
                {
                    line.Append("\\N\t");
                }
                else
                {
                    line.Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\t');
                }
            }

            length += Encoding.UTF8.GetByteCount(line.Append('\n').ToString());
        }

        return length;
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public long NativeBlock()
    {
        var table = new TableRows<GpuSample>(TableLayouts.Gpu, _rows, 100_000);
        _buffer.Reset();
        foreach (var job in table.Jobs("0123456789abcdef0123456789abcdef"))
        {
            job.WriteRows(_buffer, Stream.Null, CancellationToken.None).GetAwaiter().GetResult();
        }

        return _buffer.TotalBytes;
    }
}
