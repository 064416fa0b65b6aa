using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;

namespace Observability.Contract.Tests;

/// <summary>The contract suite against the embedded DuckDB store (a private in-memory database per test).</summary>
public sealed class DuckDbContractTests : StoreContractTests
{
    protected override Task<ITelemetryStore> CreateStoreAsync() =>
        Task.FromResult<ITelemetryStore>(new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = ":memory:" }));

    protected override string Stored(string written) => written.Replace('\0', '\uFFFD');
}
