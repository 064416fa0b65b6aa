using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Observability.Ingest.Contract;

namespace Observability.Collectors.Scraping;

/// <summary>
/// Runs one loop per target, each on its own interval, so a slow or dead target never delays
/// another; a shared semaphore bounds scrapes in flight. Targets come from configuration and
/// file_sd files, which are re-read when they change; loops start and stop to match.
/// </summary>
public sealed partial class ScrapeScheduler : BackgroundService
{
    private readonly ScrapeOptions _options;
    private readonly IRowSink _sink;
    private readonly TimeProvider _time;
    private readonly ScrapeMetrics _metrics;
    private readonly HttpClient _http;
    private readonly ILogger<ScrapeScheduler> _logger;
    private readonly SemaphoreSlim _inFlight;
    private readonly FileSdWatcher _fileSd;
    private readonly ConcurrentDictionary<string, RunningTarget> _running = new();

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
        _inFlight = new SemaphoreSlim(options.MaxConcurrentScrapes);
        _fileSd = new FileSdWatcher(options.FileSdPaths);
    }

    /// <summary>The targets being scraped now.</summary>
    public IReadOnlyList<ScrapeTarget> ActiveTargets => _running.Values.Select(r => r.Scraper.Target).ToList();

    /// <summary>Completed scrapes since start, all targets; lets callers wait for progress.</summary>
    public long CompletedScrapes => Interlocked.Read(ref _completed);

    private long _completed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            Reconcile(stoppingToken);
            using var refresh = new PeriodicTimer(_options.FileSdRefreshInterval, _time);
            while (await refresh.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (_fileSd.HasChanged())
                {
                    Reconcile(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var key in _running.Keys)
            {
                await StopAsync(key).ConfigureAwait(false);
            }
        }
    }

    private void Reconcile(CancellationToken stoppingToken)
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
                _ = StopAsync(key);
            }
        }

        foreach (var (key, target) in wanted)
        {
            if (!_running.ContainsKey(key))
            {
                Start(key, target, stoppingToken);
            }
        }

        LogTargets(_running.Count);
    }

    private void Start(string key, ScrapeTarget target, CancellationToken stoppingToken)
    {
        var scraper = new TargetScraper(target, _http, _options, _time, _metrics);
        var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var loop = Task.Run(() => RunAsync(scraper, cts.Token), CancellationToken.None);
        _running[key] = new RunningTarget(scraper, cts, loop);
    }

    private async Task StopAsync(string key)
    {
        if (_running.TryRemove(key, out var running))
        {
            await running.Cancellation.CancelAsync().ConfigureAwait(false);
            try
            {
                await running.Loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            running.Cancellation.Dispose();
        }
    }

    private async Task RunAsync(TargetScraper scraper, CancellationToken cancellationToken)
    {
        var interval = scraper.Target.Interval ?? _options.DefaultInterval;
        try
        {
            // Spread targets over the interval, deterministically per target, like Prometheus.
            var offset = TimeSpan.FromTicks((long)((uint)StringComparer.Ordinal.GetHashCode(scraper.Target.Key) % (ulong)interval.Ticks));
            await Task.Delay(offset, _time, cancellationToken).ConfigureAwait(false);
            using var timer = new PeriodicTimer(interval, _time);
            do
            {
                try
                {
                    await ScrapeOnceAsync(scraper, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The loop outlives any one failure (a full or closed writer, a batch it refuses): the next tick tries again.
                    LogIterationFailed(scraper.Target.Url.ToString(), e);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task ScrapeOnceAsync(TargetScraper scraper, CancellationToken cancellationToken)
    {
        RowBatch batch;
        await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            batch = await scraper.ScrapeAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.Release();
        }

        try
        {
            await _sink.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            _metrics.RecordUndelivered(scraper.Target.Job, batch.RowCount);
            throw;
        }

        Interlocked.Increment(ref _completed);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "file_sd could not be read, keeping the previous targets: {Reason}")]
    private partial void LogFileSdError(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scraping {Count} targets")]
    private partial void LogTargets(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scrape of {Target} could not be delivered; retrying at the next interval")]
    private partial void LogIterationFailed(string target, Exception exception);

    private sealed record RunningTarget(TargetScraper Scraper, CancellationTokenSource Cancellation, Task Loop);
}
