using BenchmarkDotNet.Attributes;
using Observability.Collectors.Exposition;
using Observability.Collectors.Mapping;
using Observability.Ingest.Contract;

namespace Observability.Benchmarks;

/// <summary>
/// What the dcgm-exporter parse and parse+map benchmarks share: a warm parser and target mappers
/// (previous scrapes seen, as in steady-state scraping) over one prepared body. Each benchmark
/// operation is one sample, so Mean is time per sample and Allocated is bytes per sample.
/// </summary>
public abstract class DcgmParseMapBenchmarks
{
    protected abstract (byte[] Body, int Samples) Build();

    protected abstract int ExpectedSamples { get; }

    private byte[] _body = [];
    private ExpositionParser _parser = null!;
    private ScrapeMapper _mapper = null!;
    private RowBatch _batch = null!;
    private DateTime _time = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);

    [GlobalSetup]
    public void Setup()
    {
        var (body, samples) = Build();
        if (samples != ExpectedSamples)
        {
            throw new InvalidOperationException($"the input changed: {samples} samples, expected {ExpectedSamples}");
        }

        _body = body;
        _parser = new ExpositionParser();
        _mapper = SourceMappers.CreateScrapeMapper();
        _batch = new RowBatch();
        for (var i = 0; i < 3; i++)
        {
            Map();
        }

        Console.WriteLine($"// body: {_body.Length / 1024.0 / 1024.0:0.00} MiB, {samples} samples, {_body.Length / (double)samples:0} bytes/sample");
    }

    protected int Parse()
    {
        var sink = new NullSink();
        var result = _parser.Parse(_body, ExpositionFormat.PrometheusText, ref sink);
        return result.Samples;
    }

    protected int Map()
    {
        _time = _time.AddSeconds(5);
        _batch.Clear();
        var mapper = _mapper;
        mapper.Begin(new ScrapeContext(_time, "http://127.0.0.1:9400/metrics", TargetLabels.Empty, KeepUnmapped: false));
        var result = _parser.Parse(_body, ExpositionFormat.PrometheusText, ref mapper);
        if (!result.Ok)
        {
            throw new InvalidOperationException(result.ToString());
        }

        mapper.Commit(_batch);
        return _batch.GpuSamples.Count;
    }

    private struct NullSink : ISampleSink
    {
        public void OnSample(in Sample sample)
        {
        }
    }
}
