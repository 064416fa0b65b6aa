using Observability.Contract.Tests.Support;
using Observability.Ingest.Contract;

namespace Observability.Contract.Tests;

/// <summary>The contract suite against a real clickhouse-server (one per collection, a database per test). NUL is kept verbatim.</summary>
[Collection(ClickHouseCollection.Name)]
public sealed class ClickHouseContractTests(ClickHouseFixture clickHouse) : StoreContractTests
{
    protected override Task<ITelemetryStore> CreateStoreAsync() => Task.FromResult<ITelemetryStore>(clickHouse.NewStore(maxRowsPerInsert: 5));
}
