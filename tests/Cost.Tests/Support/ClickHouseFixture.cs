using Observability.ClickHouseStore;

namespace Observability.Cost.Tests.Support;

/// <summary>One real clickhouse-server for the cost tests; each test gets a database of its own.</summary>
public sealed class ClickHouseFixture : IAsyncLifetime
{
    private ClickHouseServer? _server;

    public async Task InitializeAsync() => _server = await ClickHouseServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public ClickHouseTelemetryStore NewStore() => new(new ClickHouseStoreOptions
    {
        Endpoint = (_server ?? throw new InvalidOperationException("the server has not started")).HttpEndpoint,
        Database = "cost_" + Guid.NewGuid().ToString("N"),
    });
}

[CollectionDefinition(Name)]
public sealed class ClickHouseCollection : ICollectionFixture<ClickHouseFixture>
{
    public const string Name = "cost-clickhouse";
}
