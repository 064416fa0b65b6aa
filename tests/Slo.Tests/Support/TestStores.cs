using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;

namespace Observability.Slo.Tests.Support;

/// <summary>
/// The stores every SLO store test runs against, by name, so that each test gives the same answers on each store.
/// </summary>
internal static class TestStores
{
    public static TheoryData<string> Names => ["duckdb"];

    public static async Task<TestStore> OpenAsync(string name, TimeProvider time)
    {
        var store = name switch
        {
            "duckdb" => new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = ":memory:" }, time),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown store"),
        };
        await store.InitializeAsync(CancellationToken.None);
        return new TestStore(store, store, store);
    }
}

internal sealed record TestStore(ITelemetryStore Telemetry, ISloStore Slo, IAlertStateStore Alerts) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Telemetry.DisposeAsync();
}
