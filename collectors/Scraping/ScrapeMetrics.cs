using System.Diagnostics.Metrics;

namespace Observability.Collectors.Scraping;

/// <summary>
/// The scrape stage's own telemetry under fixed names: attempts by outcome, samples received,
/// mapped and unmapped, rows produced, scrape duration and scrape threads. Exported on the service's /metrics.
/// </summary>
public sealed class ScrapeMetrics : IDisposable
{
    public const string MeterName = "Observability.Collectors";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _scrapes;
    private readonly Counter<long> _samples;
    private readonly Counter<long> _unmapped;
    private readonly Counter<long> _rows;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _undelivered;

    public ScrapeMetrics()
    {
        _scrapes = _meter.CreateCounter<long>("obs_scrapes", description: "Scrape attempts by outcome (ok or the error kind).");
        _samples = _meter.CreateCounter<long>("obs_scrape_samples", description: "Samples received in accepted scrapes.");
        _unmapped = _meter.CreateCounter<long>("obs_scrape_samples_unmapped", description: "Samples no mapper understood (kept raw or dropped by configuration).");
        _rows = _meter.CreateCounter<long>("obs_scrape_rows", description: "Domain rows produced by scrapes.");
        _undelivered = _meter.CreateCounter<long>("obs_scrape_rows_undelivered", description: "Rows of scrapes the writer refused (closed, or a batch larger than its whole buffer).");
        _duration = _meter.CreateHistogram<double>("obs_scrape_duration", unit: "s", description: "Scrape duration, request to mapped rows.");
        _meter.CreateObservableGauge(
            "obs_scrape_threads",
            () => Volatile.Read(ref _threads)?.Invoke() ?? 0L,
            description: "Scrape threads alive: one watching the clock plus one per scrape in flight; at Scrape.MaxConcurrentScrapes, scrapes wait for a thread.");
    }

    private Func<long>? _threads;

    /// <summary>The meter itself, for tests that read this instance's instruments only.</summary>
    internal Meter Meter => _meter;

    /// <summary>Where <c>obs_scrape_threads</c> reads from: the scheduler that owns the threads.</summary>
    internal void ObserveThreads(Func<long> threads) => Volatile.Write(ref _threads, threads);

    private long _attempts;
    private long _failures;
    private long _samplesTotal;

    /// <summary>Scrapes attempted since start (for progress displays; the counters above are the telemetry).</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    /// <summary>Scrapes that failed since start.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Samples received in accepted scrapes since start.</summary>
    public long SamplesTotal => Interlocked.Read(ref _samplesTotal);

    public void Record(ScrapeOutcome outcome, string job, double seconds, int samples, int unmapped, int rows)
    {
        Interlocked.Increment(ref _attempts);
        if (outcome != ScrapeOutcome.Ok)
        {
            Interlocked.Increment(ref _failures);
        }
        else
        {
            Interlocked.Add(ref _samplesTotal, samples);
        }

        var outcomeTag = new KeyValuePair<string, object?>("outcome", ScrapeOutcomeNames.Of(outcome));
        var jobTag = new KeyValuePair<string, object?>("job", job);
        _scrapes.Add(1, outcomeTag, jobTag);
        if (_duration.Enabled)
        {
            _duration.Record(seconds, jobTag);
        }

        if (outcome == ScrapeOutcome.Ok)
        {
            _samples.Add(samples, jobTag);
            _unmapped.Add(unmapped, jobTag);
            _rows.Add(rows, jobTag);
        }
    }

    /// <summary>Counts the rows of a scrape that could not be handed to the writer.</summary>
    public void RecordUndelivered(string job, int rows) => _undelivered.Add(rows, new KeyValuePair<string, object?>("job", job));

    public void Dispose() => _meter.Dispose();
}
