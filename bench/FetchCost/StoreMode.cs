using Observability.Collectors.Scraping;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;

namespace Observability.FetchCost;

/// <summary>
/// obs's TargetScraper per target with its rows written to the embedded DuckDB store once a second, as the batching
/// writer would (one batch, one transaction): the store's share of a scrape, without the host around it.
/// </summary>
internal static class StoreMode
{
    public static async Task RunAsync(IReadOnlyList<ScrapeTarget> targets, TimeSpan interval, Measurement measurement, string path, IReadOnlyDictionary<string, string> settings, CancellationToken stop)
    {
        File.Delete(path);
        File.Delete(path + ".wal");
        await using var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = path, Threads = 1, Settings = settings });
        await store.InitializeAsync(CancellationToken.None).ConfigureAwait(false);
        var pending = new RowBatch();
        var gate = new Lock();
        var scraping = HttpModes.ScrapeAsync(targets, interval, measurement, stop, batch =>
        {
            lock (gate)
            {
                pending.AddRange(batch);
            }
        });

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                RowBatch full;
                lock (gate)
                {
                    (full, pending) = (pending, new RowBatch());
                }

                full.BatchId = Guid.NewGuid().ToString("N");
                await store.WriteAsync(full, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        await scraping.ConfigureAwait(false);
        await store.DisposeAsync().ConfigureAwait(false);
        File.Delete(path);
    }
}
