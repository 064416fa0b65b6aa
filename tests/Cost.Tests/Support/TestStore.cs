using Observability.Analytics.Cost;
using Observability.ClickHouseStore;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;

namespace Observability.Cost.Tests.Support;

/// <summary>A store under test, either kind: the telemetry side to load rows, the cost side (delegated) to test.</summary>
public sealed class TestStore(ITelemetryStore telemetry, ICostStore cost) : ICostStore, IAsyncDisposable
{
    public string Kind => telemetry.Name;

    public static TestStore DuckDb()
    {
        var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = ":memory:" });
        return new TestStore(store, store);
    }

    public static TestStore ClickHouse(ClickHouseFixture fixture)
    {
        var store = fixture.NewStore();
        return new TestStore(store, store);
    }

    /// <summary>Initializes, writes the rows and loads the price book (when given) as version 1.</summary>
    public async Task<TestStore> PrepareAsync(RowBatch batch, string? priceBook = TestPriceBooks.Standard)
    {
        await telemetry.InitializeAsync(CancellationToken.None);
        await telemetry.WriteAsync(batch, CancellationToken.None);
        if (priceBook is not null)
        {
            var path = Path.Combine(Path.GetTempPath(), $"prices-{Guid.NewGuid():N}.json");
            await File.WriteAllTextAsync(path, priceBook);
            try
            {
                await PriceBookStore.LoadAsync(this, path, "test", "initial", TimeProvider.System, CancellationToken.None);
            }
            finally
            {
                File.Delete(path);
            }
        }

        return this;
    }

    public Task WriteAsync(RowBatch batch) => telemetry.WriteAsync(batch, CancellationToken.None);

    public ValueTask DisposeAsync() => telemetry.DisposeAsync();

    public Task<int> AddPriceBookVersionAsync(PriceBookVersion document, CancellationToken cancellationToken) => cost.AddPriceBookVersionAsync(document, cancellationToken);

    public Task<IReadOnlyList<PriceBookVersion>> ReadPriceBookVersionsAsync(CancellationToken cancellationToken) => cost.ReadPriceBookVersionsAsync(cancellationToken);

    public Task<IReadOnlyList<GpuHourUsage>> QueryGpuHoursAsync(TimeRange range, TimeSpan slot, CancellationToken cancellationToken) => cost.QueryGpuHoursAsync(range, slot, cancellationToken);

    public Task<IReadOnlyList<RequestHourUsage>> QueryRequestHoursAsync(TimeRange range, CancellationToken cancellationToken) => cost.QueryRequestHoursAsync(range, cancellationToken);

    public Task ReplaceAllocationsAsync(TimeRange range, IReadOnlyList<CostAllocationLine> lines, CancellationToken cancellationToken) => cost.ReplaceAllocationsAsync(range, lines, cancellationToken);

    public Task<IReadOnlyList<CostAllocationLine>> ReadAllocationsAsync(TimeRange range, CancellationToken cancellationToken) => cost.ReadAllocationsAsync(range, cancellationToken);

    public Task<int> AddChargebackRevisionAsync(ChargebackRevision revision, IReadOnlyList<CostAllocationLine> lines, CancellationToken cancellationToken) => cost.AddChargebackRevisionAsync(revision, lines, cancellationToken);

    public Task<IReadOnlyList<ChargebackRevision>> ReadChargebackRevisionsAsync(string month, CancellationToken cancellationToken) => cost.ReadChargebackRevisionsAsync(month, cancellationToken);

    public Task<IReadOnlyList<CostAllocationLine>> ReadChargebackLinesAsync(string month, int revision, CancellationToken cancellationToken) => cost.ReadChargebackLinesAsync(month, revision, cancellationToken);
}
