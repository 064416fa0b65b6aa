using Observability.ClickHouseStore;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;

namespace Observability.Host.Service;

/// <summary>Opens the configured store on its own, without scraping: what the one-shot commands read from.</summary>
public static class StoreOpener
{
    public static async Task<ITelemetryStore> OpenAsync(ServiceConfig config, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ITelemetryStore store = config.ClickHouse is { } clickHouse
            ? new ClickHouseTelemetryStore(clickHouse, time)
            : new DuckDbTelemetryStore(config.DuckDbOptions, time);
        try
        {
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
