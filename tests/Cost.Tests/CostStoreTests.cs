using Observability.Analytics.Cost;
using Observability.Ingest.Contract;

namespace Observability.Cost.Tests;

/// <summary>The cost part of the DuckDB store: price-book history, the hourly aggregates and the ledger's replace.</summary>
public abstract class CostStoreTests
{
    protected abstract TestStore NewStore();

    private Task<TestStore> StoreAsync(RowBatch batch) => NewStore().PrepareAsync(batch);

    private static readonly DateTime Day = TestTelemetry.Day;

    [Fact]
    public async Task LoadAsync_ChangedFile_NewVersionAndOldOneKept()
    {
        await using var store = await StoreAsync(new RowBatch());
        var path = Path.Combine(Path.GetTempPath(), $"prices-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(path, TestPriceBooks.Standard);
            var same = await PriceBookStore.LoadAsync(store, path, "ops", "again", TimeProvider.System, CancellationToken.None);
            await File.WriteAllTextAsync(path, TestPriceBooks.Standard.Replace("\"2.10\"", "\"2.20\"", StringComparison.Ordinal));
            var changed = await PriceBookStore.LoadAsync(store, path, "ops", "A100 contract renewed", TimeProvider.System, CancellationToken.None);
            await File.WriteAllTextAsync(path, "{ \"sku_map\": {} }");
            await Assert.ThrowsAsync<PriceBookException>(() => PriceBookStore.LoadAsync(store, path, "ops", "bad", TimeProvider.System, CancellationToken.None));

            var versions = await store.ReadPriceBookVersionsAsync(CancellationToken.None);
            Assert.Equal((1, false), same);
            Assert.Equal((2, true), changed);
            Assert.Equal([1, 2], versions.Select(v => v.Version));
            Assert.Equal("A100 contract renewed", versions[1].Reason);
            Assert.Contains("\"2.10\"", versions[0].Text, StringComparison.Ordinal);
            Assert.Equal(2.20m, (await PriceBookStore.LatestAsync(store, CancellationToken.None)).Book.GpuPriceAt("A100-80GB", "sim", Day)!.PerGpuHour);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task QueryGpuHoursAsync_MinuteRowsWithAGap_CountsSlotsPerHourAndPod()
    {
        var t = new TestTelemetry()
            .Minutes(TestTelemetry.Gpu("GPU-1", TestTelemetry.H100, "chat-0"), Day, 120, util: 40, energyMjPerMinute: 1000, missing: m => m is >= 70 and < 80)
            .Minutes(TestTelemetry.Gpu("GPU-2", TestTelemetry.A100, "embed-0", "3g.40gb", "1"), Day, 30);
        await using var store = await StoreAsync(t.Batch);

        var rows = await store.QueryGpuHoursAsync(new TimeRange(Day, Day.AddHours(2)), TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal(3, rows.Count);
        Assert.Equal((Day, "GPU-1", 60, 40.0, 60_000.0), (rows[0].Hour, rows[0].Uuid, rows[0].Slots, rows[0].MeanUtilPct, rows[0].EnergyMillijoules));
        Assert.Equal(("GPU-2", "1", "3g.40gb", "embed-0", 30), (rows[1].Uuid, rows[1].MigInstanceId, rows[1].MigProfile, rows[1].Pod, rows[1].Slots));
        Assert.Equal((Day.AddHours(1), 50), (rows[2].Hour, rows[2].Slots));
    }

    [Fact]
    public async Task QueryGpuHoursAsync_FiveMinuteSlots_CountsSlotsNotRows()
    {
        var t = new TestTelemetry().Minutes(TestTelemetry.Gpu("GPU-1", TestTelemetry.H100), Day, 60);
        await using var store = await StoreAsync(t.Batch);

        var row = Assert.Single(await store.QueryGpuHoursAsync(new TimeRange(Day, Day.AddHours(1)), TimeSpan.FromMinutes(5), CancellationToken.None));

        Assert.Equal(12, row.Slots);
    }

    [Fact]
    public async Task QueryRequestHoursAsync_GroupsByHourDeploymentModelTenant_SkipsRejected()
    {
        var t = new TestTelemetry()
            .Requests(Day.AddMinutes(5), "acme", "m", 3, input: 100, output: 10, cached: 20, pod: "chat-0")
            .Requests(Day.AddMinutes(65), "acme", "m", 2, pod: "chat-1");
        t.Batch.RequestEvents.Add(t.Batch.RequestEvents[0] with { RequestId = "rejected", Status = Ingest.Model.RequestStatus.Rejected });
        await using var store = await StoreAsync(t.Batch);

        var rows = await store.QueryRequestHoursAsync(new TimeRange(Day, Day.AddHours(2)), CancellationToken.None);

        Assert.Equal(2, rows.Count);
        Assert.Equal(new RequestHourUsage(Day, "inference", "", "chat-0", "m", "acme", 3, 300, 30, 60), rows[0]);
        Assert.Equal(2, rows[1].Requests);
    }

    [Fact]
    public async Task ReplaceAllocationsAsync_SecondRun_ReplacesOnlyItsRange()
    {
        await using var store = await StoreAsync(new RowBatch());
        CostAllocationLine Line(int hour, decimal cost) => new(Day.AddHours(hour), CostLineKind.Tenant, "acme", "m", "ns", "d", cost, 1, 1, 1, 1, 0, double.NaN, 1);

        await store.ReplaceAllocationsAsync(new TimeRange(Day, Day.AddHours(3)), [Line(0, 1.2345678901m), Line(1, 2m), Line(2, 3m)], CancellationToken.None);
        await store.ReplaceAllocationsAsync(new TimeRange(Day.AddHours(1), Day.AddHours(2)), [Line(1, 7m)], CancellationToken.None);
        await Assert.ThrowsAsync<ArgumentException>(() => store.ReplaceAllocationsAsync(new TimeRange(Day, Day.AddHours(1)), [Line(5, 1m)], CancellationToken.None));

        var lines = await store.ReadAllocationsAsync(TimeRange.All, CancellationToken.None);
        Assert.Equal([1.2345678901m, 7m, 3m], lines.Select(l => l.Cost));
        Assert.True(double.IsNaN(lines[0].MeanUtilPct));
    }
}

public sealed class DuckDbCostStoreTests : CostStoreTests
{
    protected override TestStore NewStore() => TestStore.DuckDb();
}

[Collection(ClickHouseCollection.Name)]
public sealed class ClickHouseCostStoreTests(ClickHouseFixture clickHouse) : CostStoreTests
{
    protected override TestStore NewStore() => TestStore.ClickHouse(clickHouse);
}
