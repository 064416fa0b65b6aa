using Observability.Collectors.Scraping;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Writer;

namespace Observability.FetchCost;

/// <summary>
/// obs's scrape scheduler with its rows handed to obs's batching writer (flushing once a second) over the
/// embedded DuckDB store on one thread: the store's share of a scrape, without the rest of the host around it.
/// </summary>
internal static class StoreMode
{
    public static async Task RunAsync(
        IReadOnlyList<ScrapeTarget> targets, TimeSpan interval, Measurement measurement, string path, IReadOnlyDictionary<string, string> settings,
        CancellationToken stop)
    {
        try
        {
            await using var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = path, Threads = 1, Settings = settings });
            await store.InitializeAsync(CancellationToken.None).ConfigureAwait(false);
            await using var writer = new BatchingWriter(store, new BatchingWriterOptions { FlushInterval = TimeSpan.FromSeconds(1) });
            await HttpModes.ScrapeAsync(targets, interval, measurement, stop, writer).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".wal");
        }
    }
}
