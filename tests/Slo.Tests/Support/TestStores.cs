using Observability.ClickHouseStore;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;

namespace Observability.Slo.Tests.Support;

/// <summary>
/// The stores every SLO store test runs against, by name, so that each test gives the same answers on each store:
/// an in-memory DuckDB, and a database of its own on the collection's real clickhouse-server.
/// </summary>
internal static class TestStores
{
    public static TheoryData<string> Names => ["duckdb", "clickhouse"];

    public static async Task<TestStore> OpenAsync(string name, TimeProvider time, ClickHouseFixture clickHouse)
    {
        ITelemetryStore store = name switch
        {
            "duckdb" => new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = ":memory:" }, time),
            "clickhouse" => new ClickHouseTelemetryStore(
                new ClickHouseStoreOptions { Endpoint = clickHouse.Server.HttpEndpoint, Database = "slo_" + Guid.NewGuid().ToString("N") }, time),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown store"),
        };
        await store.InitializeAsync(CancellationToken.None);
        return new TestStore(store, (ISloStore)store, (IAlertStateStore)store);
    }
}

internal sealed record TestStore(ITelemetryStore Telemetry, ISloStore Slo, IAlertStateStore Alerts) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Telemetry.DisposeAsync();
}

/// <summary>One real clickhouse-server for the collection, started on free loopback ports and stopped afterwards.</summary>
public sealed class ClickHouseFixture : IAsyncLifetime
{
    private ClickHouseServer? _server;

    public ClickHouseServer Server => _server ?? throw new InvalidOperationException("the server has not started");

    public async Task InitializeAsync() => _server = await ClickHouseServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClickHouseCollection : ICollectionFixture<ClickHouseFixture>
{
    public const string Name = "clickhouse";
}
