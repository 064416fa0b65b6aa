using Observability.ClickHouseStore;

namespace Observability.Contract.Tests.Support;

/// <summary>One real clickhouse-server for the whole test collection; each test gets a database of its own.</summary>
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

    public ClickHouseStoreOptions Options(int maxRowsPerInsert = 100_000) => new()
    {
        Endpoint = Server.HttpEndpoint,
        Database = "t_" + Guid.NewGuid().ToString("N"),
        MaxRowsPerInsert = maxRowsPerInsert,
    };

    public ClickHouseTelemetryStore NewStore(int maxRowsPerInsert = 100_000) => new(Options(maxRowsPerInsert));
}

[CollectionDefinition(Name)]
public sealed class ClickHouseCollection : ICollectionFixture<ClickHouseFixture>
{
    public const string Name = "clickhouse";
}
