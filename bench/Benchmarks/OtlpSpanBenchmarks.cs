using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Observability.Collectors.Otlp;
using Observability.Collectors.Otlp.Decoding;
using Observability.Collectors.Otlp.Mapping;
using Observability.Collectors.Otlp.Protocol;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;

namespace Observability.Benchmarks;

/// <summary>
/// The OTLP/HTTP trace path per span: an export of 1,024 gateway spans shaped like the simulator gateway's (19
/// attributes each, the OpenTelemetry SDK's resource) is decoded and mapped to request events, then also written into
/// the embedded DuckDB store. Each benchmark operation is one span, so Mean is time per span and 1 s / Mean is spans
/// per second on one core (the benchmark runs on one thread).
/// </summary>
[MemoryDiagnoser]
public class OtlpSpanBenchmarks
{
    private const int Spans = 1024;
    private byte[] _protobuf = [];
    private byte[] _json = [];
    private SpanMapper _mapper = null!;
    private DuckDbTelemetryStore _store = null!;
    private string _path = "";

    [GlobalSetup]
    public void Setup()
    {
        var request = GatewayExport.Build(Spans);
        _protobuf = request.ToByteArray();
        _json = System.Text.Encoding.UTF8.GetBytes(GatewayExport.ToOtlpJson(request));
        _mapper = new SpanMapper(new OtlpOptions(), TimeProvider.System);
        if (DecodeMap() != Spans || DecodeMapJson() != Spans)
        {
            throw new InvalidOperationException("the export did not map to one request event per span");
        }

        _path = Path.Combine(Path.GetTempPath(), $"otlp-bench-{Guid.NewGuid():N}.duckdb");
        _store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = _path, Threads = 1 }, TimeProvider.System);
        _store.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        Console.WriteLine($"// export: {_protobuf.Length / 1024.0:0.0} KiB protobuf ({_protobuf.Length / (double)Spans:0} B/span), {_json.Length / 1024.0:0.0} KiB JSON");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        File.Delete(_path);
        File.Delete(_path + ".wal");
    }

    [Benchmark(OperationsPerInvoke = Spans)]
    public int Decode() => ExportTraceServiceRequest.Parser.ParseFrom(_protobuf).ResourceSpans.Count;

    [Benchmark(Baseline = true, OperationsPerInvoke = Spans)]
    public int DecodeMap() => _mapper.Map(ExportTraceServiceRequest.Parser.ParseFrom(_protobuf)).Events.Count;

    [Benchmark(OperationsPerInvoke = Spans)]
    public int DecodeMapJson() => _mapper.Map(OtlpJson.Parse(_json, ExportTraceServiceRequest.Parser)).Events.Count;

    [Benchmark(OperationsPerInvoke = Spans)]
    public int DecodeMapStore()
    {
        var mapping = _mapper.Map(ExportTraceServiceRequest.Parser.ParseFrom(_protobuf));
        var batch = new RowBatch();
        batch.RequestEvents.AddRange(mapping.Events);
        _store.WriteAsync(batch, CancellationToken.None).GetAwaiter().GetResult();
        return batch.RowCount;
    }
}
