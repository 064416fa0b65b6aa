using System.Text;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Observability.Collectors.Exposition;
using Observability.Collectors.Mapping;
using Observability.Ingest.Contract;
using Observability.RemoteWrite;
using Observability.RemoteWrite.Protocol;
using Snappier;

namespace Observability.Benchmarks;

/// <summary>
/// remote_write intake against its peer, the scrape path, on the same samples: dcgm-exporter's 25 default counters for
/// 4,096 GPUs on 512 hosts (102,400 samples). The intake gets them as Prometheus sends them: one target per host
/// (<c>instance</c>), labels sorted with <c>job</c>/<c>instance</c> added, 2,000 samples per snappy-compressed request,
/// a new timestamp each iteration; it decodes, validates, assembles per target and maps (rows discarded, no store).
/// The peer parses and maps the same exposition text. Each operation is one sample: Mean is time per sample.
/// </summary>
[MemoryDiagnoser]
public class RemoteWriteBenchmarks
{
    private const int Samples = 512 * 8 * 25;
    private const int SamplesPerRequest = 2000;

    private readonly List<TimeSeries> _series = [];
    private List<byte[]> _requests = [];
    private long _timestamp;
    private RemoteWriteIntake _intake = null!;
    private RemoteWriteMetrics _metrics = null!;
    private byte[] _exposition = [];
    private ExpositionParser _parser = null!;
    private ScrapeMapper _mapper = null!;
    private DateTime _time = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);

    [GlobalSetup]
    public void Setup()
    {
        var (body, samples) = ScaledCapture.BuildDefaultCounters("dcgm-h100-k8s-aicr.prom", "dcgm-default-counters.csv", 512);
        if (samples != Samples)
        {
            throw new InvalidOperationException($"the input changed: {samples} samples, expected {Samples}");
        }

        _exposition = body;
        _parser = new ExpositionParser();
        _mapper = SourceMappers.CreateScrapeMapper();
        var sink = new SeriesSink(_series);
        _parser.Parse(body, ExpositionFormat.PrometheusText, ref sink);
        _metrics = new RemoteWriteMetrics();
        _intake = new RemoteWriteIntake(new RemoteWriteOptions { AssemblyDelay = TimeSpan.FromHours(1) }, static _ => true, TimeProvider.System, _metrics);
        _timestamp = TimeProvider.System.GetUtcNow().AddDays(-1).ToUnixTimeMilliseconds();
        for (var i = 0; i < 3; i++)
        {
            PrepareRequests();
            DecodeAndMap();
            ParseAndMap();
        }

        Console.WriteLine($"// {_requests.Count} requests, {_requests.Sum(r => r.Length) / (double)Samples:0.0} compressed bytes/sample; exposition {_exposition.Length / (double)Samples:0} bytes/sample");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _intake.Dispose();
        _metrics.Dispose();
    }

    /// <summary>Stamps the next scrape's timestamp and builds its requests (not measured).</summary>
    [IterationSetup(Target = nameof(DecodeAndMap))]
    public void PrepareRequests()
    {
        _timestamp += 5000;
        foreach (var s in _series)
        {
            s.Samples[0].Timestamp = _timestamp;
        }

        _requests = [.. _series.Chunk(SamplesPerRequest).Select(chunk => Snappy.CompressToArray(new WriteRequest { Timeseries = { chunk } }.ToByteArray()))];
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public int DecodeAndMap()
    {
        foreach (var request in _requests)
        {
            var response = _intake.Accept(request);
            if (response.Status != 204)
            {
                throw new InvalidOperationException(response.Message);
            }
        }

        _intake.FlushAll();
        return _intake.PendingSamples;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Samples)]
    public int ParseAndMap()
    {
        _time = _time.AddSeconds(5);
        var batch = new RowBatch();
        var mapper = _mapper;
        mapper.Begin(new ScrapeContext(_time, "http://127.0.0.1:9400/metrics", TargetLabels.Empty, KeepUnmapped: false));
        _parser.Parse(_exposition, ExpositionFormat.PrometheusText, ref mapper);
        mapper.Commit(batch);
        return batch.GpuSamples.Count;
    }

    /// <summary>Turns parsed samples into the series Prometheus would send: instance from the host, labels sorted.</summary>
    private readonly struct SeriesSink(List<TimeSeries> series) : ISampleSink
    {
        public void OnSample(in Collectors.Exposition.Sample sample)
        {
            var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["__name__"] = Encoding.UTF8.GetString(sample.Name),
                ["job"] = "dcgm",
            };
            foreach (var label in sample.Labels)
            {
                if (label.Value.Length > 0)
                {
                    labels[Encoding.UTF8.GetString(label.Name)] = Encoding.UTF8.GetString(label.Value);
                }
            }

            labels["instance"] = (labels.GetValueOrDefault("Hostname") ?? "host") + ":9400";
            var ts = new TimeSeries { Samples = { new RemoteWrite.Protocol.Sample { Value = sample.Value } } };
            ts.Labels.AddRange(labels.Select(l => new RemoteWrite.Protocol.Label { Name = l.Key, Value = l.Value }));
            series.Add(ts);
        }
    }
}
