using BenchmarkDotNet.Attributes;
using Observability.Collectors.Exposition;
using Observability.Collectors.Mapping;
using Observability.Ingest.Contract;

namespace Observability.Benchmarks;

/// <summary>
/// Parse and parse+map of a dcgm-exporter scrape: the real H100 capture scaled to 4,096 GPUs
/// (512 hosts × 8). Each operation is one sample, so the Mean column is time per sample and
/// Allocated is bytes per sample (under 24 B/sample proves under one allocation per sample).
/// The mappers are warm (previous scrapes seen), as in steady-state scraping.
/// </summary>
[MemoryDiagnoser]
public class DcgmParseMapBenchmarks
{
    private const int Hosts = 512;
    private const int SamplesPerHost = 30;
    private const int Samples = Hosts * SamplesPerHost;

    private byte[] _body = [];
    private ExpositionParser _parser = null!;
    private ScrapeMapper _mapper = null!;
    private RowBatch _batch = null!;
    private DateTime _time = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);

    [GlobalSetup]
    public void Setup()
    {
        var (body, samples) = ScaledCapture.Build("dcgm-h100-k8s-aicr.prom", Hosts);
        if (samples != Samples)
        {
            throw new InvalidOperationException($"the capture changed: {samples} samples, expected {Samples}");
        }

        _body = body;
        _parser = new ExpositionParser();
        _mapper = SourceMappers.CreateScrapeMapper();
        _batch = new RowBatch();
        for (var i = 0; i < 3; i++)
        {
            ParseAndMap();
        }

        Console.WriteLine($"// body: {_body.Length / 1024.0 / 1024.0:0.00} MiB, {Samples} samples, {_body.Length / (double)Samples:0} bytes/sample");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Samples)]
    public int ParseOnly()
    {
        var sink = new NullSink();
        var result = _parser.Parse(_body, ExpositionFormat.PrometheusText, ref sink);
        return result.Samples;
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public int ParseAndMap()
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
