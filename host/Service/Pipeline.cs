using Microsoft.Extensions.Logging;
using Observability.Collectors.Otlp;
using Observability.Collectors.Scraping;
using Observability.ClickHouseStore;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Spool;
using Observability.Ingest.Writer;

namespace Observability.Host.Service;

/// <summary>
/// The running trunk: scrape loop, remote_write intake and OTLP receiver → batching writer → (spool →) store.
/// Started in dependency order and stopped in reverse, so that stopping flushes every scraped or received row before
/// the store closes.
/// </summary>
public sealed class Pipeline : IAsyncDisposable
{
    private readonly HttpClient _http;

    private Pipeline(ITelemetryStore store, ITelemetryStore database, BatchingWriter writer, ScrapeScheduler scheduler, ScrapeMetrics metrics, HttpClient http, OtlpReceiver? otlp)
    {
        Store = store;
        SloStore = (ISloStore)database;
        AlertStates = (IAlertStateStore)database;
        CostStore = (ICostStore)database;
        Writer = writer;
        Scheduler = scheduler;
        Metrics = metrics;
        _http = http;
        Otlp = otlp;
    }

    /// <summary>The OTLP receiver, when configured.</summary>
    public OtlpReceiver? Otlp { get; }

    public ITelemetryStore Store { get; }

    /// <summary>The store itself (not the spool in front of it): SLO counts and alert states are read and written directly.</summary>
    public ISloStore SloStore { get; }

    public IAlertStateStore AlertStates { get; }

    /// <summary>The store itself (never the spool in front of it): cost attribution reads and writes there directly.</summary>
    public ICostStore CostStore { get; }

    public BatchingWriter Writer { get; }

    public ScrapeScheduler Scheduler { get; }

    public ScrapeMetrics Metrics { get; }

    public static async Task<Pipeline> StartAsync(ServiceConfig config, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ITelemetryStore database = config.ClickHouse is { } clickHouse
            ? new ClickHouseTelemetryStore(clickHouse, time)
            : new DuckDbTelemetryStore(config.DuckDbOptions, time);
        ITelemetryStore store = database;
        BatchingWriter? writer = null;
        ScrapeMetrics? metrics = null;
        HttpClient? http = null;
        OtlpReceiver? otlp = null;
        try
        {
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            if (config.Spool is { } spool)
            {
                // Between the writer and the store: batches the store refuses wait on disk and are replayed in order.
                store = new SpoolingStore(store, spool, time, loggers.CreateLogger<SpoolingStore>());
            }

            writer = new BatchingWriter(
                store,
                new BatchingWriterOptions { MaxBatchRows = config.WriterMaxBatchRows, MaxBufferedRows = config.WriterMaxBufferedRows, FlushInterval = config.WriterFlushInterval },
                time,
                loggers.CreateLogger<BatchingWriter>());
            metrics = new ScrapeMetrics();
            http = new HttpClient(TargetScraper.CreateHandler(config.Scrape.EnableCompression)) { Timeout = Timeout.InfiniteTimeSpan };
            var scheduler = new ScrapeScheduler(config.Scrape, writer, time, metrics, http, loggers.CreateLogger<ScrapeScheduler>());
            if (config.Otlp is not null)
            {
                otlp = await OtlpReceiver.StartAsync(config.Otlp, writer, time, new OtlpMetrics(), loggers, cancellationToken).ConfigureAwait(false);
            }

            await scheduler.StartAsync(cancellationToken).ConfigureAwait(false);
            return new Pipeline(store, database, writer, scheduler, metrics, http, otlp);
        }
        catch
        {
            // A half-finished start must not leak a locked database file, a bound port or a writer loop.
            if (otlp is not null)
            {
                await otlp.DisposeAsync().ConfigureAwait(false);
            }

            http?.Dispose();
            metrics?.Dispose();
            if (writer is not null)
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }

            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops scraping and writes everything scraped so far; the store stays open for queries.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        await Scheduler.StopAsync(cancellationToken).ConfigureAwait(false);
        await Writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Otlp is not null)
        {
            await Otlp.DisposeAsync().ConfigureAwait(false);
        }

        await Scheduler.StopAsync(CancellationToken.None).ConfigureAwait(false);
        Scheduler.Dispose();
        await Writer.DisposeAsync().ConfigureAwait(false);
        await Store.DisposeAsync().ConfigureAwait(false);
        Metrics.Dispose();
        _http.Dispose();
    }
}
