using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Observability.Ingest.Contract;

namespace Observability.Collectors.Scraping;

/// <summary>
/// Scrapes every target on its own interval on <see cref="ScrapeWorkers"/>' threads, which grow so that a slow or dead
/// target never delays another, up to <see cref="ScrapeOptions.MaxConcurrentScrapes"/> in flight. Targets come from
/// configuration and file_sd files, which are re-read when they change; targets join and leave the schedule to match.
/// </summary>
public sealed partial class ScrapeScheduler : BackgroundService
{
    private readonly ScrapeOptions _options;
    private readonly IRowSink _sink;
    private readonly TimeProvider _time;
    private readonly ScrapeMetrics _metrics;
    private readonly HttpClient _http;
    private readonly ILogger<ScrapeScheduler> _logger;
    private readonly ScrapeWorkers _workers;
    private readonly FileSdWatcher _fileSd;
    private readonly ConcurrentDictionary<string, ScheduledTarget> _running = new();

    public ScrapeScheduler(ScrapeOptions options, IRowSink sink, TimeProvider time, ScrapeMetrics metrics, HttpClient http, ILogger<ScrapeScheduler> logger)
    {
        var errors = ScrapeOptionsValidator.Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid scrape options:\n  " + string.Join("\n  ", errors), nameof(options));
        }

        _options = options;
        _sink = sink;
        _time = time;
        _metrics = metrics;
        _http = http;
        _logger = logger;
        _workers = new ScrapeWorkers(time, options.MaxConcurrentScrapes, ScrapeOnce);
        metrics.ObserveThreads(() => _workers.Threads);
        _fileSd = new FileSdWatcher(options.FileSdPaths);
    }

    /// <summary>The targets being scraped now.</summary>
    public IReadOnlyList<ScrapeTarget> ActiveTargets => _running.Values.Select(r => r.Scraper.Target).ToList();

    /// <summary>Scrape threads alive now: one watching the clock, plus one per scrape in flight.</summary>
    public int ScrapeThreads => _workers.Threads;

    /// <summary>Completed scrapes since start, all targets; lets callers wait for progress.</summary>
    public long CompletedScrapes => Interlocked.Read(ref _completed);

    private long _completed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            Reconcile();
            using var refresh = new PeriodicTimer(_options.FileSdRefreshInterval, _time);
            while (await refresh.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (_fileSd.HasChanged())
                {
                    Reconcile();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _running.Clear();
            await _workers.StopAsync().ConfigureAwait(false);
        }
    }

    private void Reconcile()
    {
        IReadOnlyList<ScrapeTarget> discovered;
        try
        {
            discovered = _fileSd.Read();
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            // Keep scraping the last good set: a half-written file must not stop collection.
            LogFileSdError(e.Message);
            return;
        }

        var wanted = _options.StaticTargets.Concat(discovered).GroupBy(t => t.Key).ToDictionary(g => g.Key, g => g.Last());
        foreach (var (key, running) in _running)
        {
            if (!wanted.TryGetValue(key, out var target) || !target.SameDefinition(running.Scraper.Target))
            {
                Stop(key);
            }
        }

        foreach (var (key, target) in wanted)
        {
            if (!_running.ContainsKey(key))
            {
                Start(key, target);
            }
        }

        LogTargets(_running.Count);
    }

    private void Start(string key, ScrapeTarget target)
    {
        var interval = target.Interval ?? _options.DefaultInterval;
        // Spread targets over the interval, deterministically per target, like Prometheus.
        var offset = TimeSpan.FromTicks((long)((uint)StringComparer.Ordinal.GetHashCode(target.Key) % (ulong)interval.Ticks));
        _running[key] = _workers.Add(new TargetScraper(target, _http, _options, _time, _metrics), interval, offset);
    }

    private void Stop(string key)
    {
        if (_running.TryRemove(key, out var running))
        {
            _workers.Remove(running);
        }
    }

    /// <summary>One scrape and its delivery, on a worker thread; failures are logged and counted, never thrown.</summary>
    private void ScrapeOnce(TargetScraper scraper, CancellationToken cancellationToken)
    {
        RowBatch? batch = null;
        try
        {
            batch = scraper.Scrape(cancellationToken);
            var write = _sink.WriteAsync(batch, cancellationToken);
            if (!write.IsCompletedSuccessfully)
            {
                // A full writer blocks this worker: back-pressure, and the pool grows to keep the other targets on time.
                write.AsTask().GetAwaiter().GetResult();
            }

            Interlocked.Increment(ref _completed);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The schedule outlives any one failure (a full or closed writer, a batch it refuses): the next tick tries again.
            // A batch that reached the writer and was refused is counted as undelivered.
            if (batch is not null && !cancellationToken.IsCancellationRequested)
            {
                _metrics.RecordUndelivered(scraper.Target.Job, batch.RowCount);
            }

            LogIterationFailed(scraper.Target.Url.ToString(), e);
        }
    }

    public override void Dispose()
    {
        _workers.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "file_sd could not be read, keeping the previous targets: {Reason}")]
    private partial void LogFileSdError(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scraping {Count} targets")]
    private partial void LogTargets(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scrape of {Target} could not be delivered; retrying at the next interval")]
    private partial void LogIterationFailed(string target, Exception exception);

}
