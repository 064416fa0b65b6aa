using Observability.Analytics.Cost;
using Observability.Ingest.Contract;

namespace Observability.Cost.Tests;

/// <summary>The same rows in DuckDB and in ClickHouse give the same aggregates and the same ledger, to the last decimal of money.</summary>
[Collection(ClickHouseCollection.Name)]
public sealed class CostStoresAgreeTests(ClickHouseFixture clickHouse)
{
    private static readonly TimeRange Day = new(TestTelemetry.Day, TestTelemetry.Day.AddDays(1));

    [Fact]
    public async Task HandBuiltDay_BothStores_IdenticalAggregatesAndLedger()
    {
        await using var duck = await TestStore.DuckDb().PrepareAsync(CostAllocationTests.Fleet().Batch);
        await using var house = await TestStore.ClickHouse(clickHouse).PrepareAsync(CostAllocationTests.Fleet().Batch);

        var gpuHours = (await duck.QueryGpuHoursAsync(Day, TimeSpan.FromMinutes(1), CancellationToken.None), await house.QueryGpuHoursAsync(Day, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Equal(gpuHours.Item1.Count, gpuHours.Item2.Count);
        for (var i = 0; i < gpuHours.Item1.Count; i++)
        {
            Assert.Equal(gpuHours.Item1[i] with { MeanUtilPct = 0, EnergyMillijoules = 0 }, gpuHours.Item2[i] with { MeanUtilPct = 0, EnergyMillijoules = 0 });
            Assert.Equal(gpuHours.Item1[i].MeanUtilPct, gpuHours.Item2[i].MeanUtilPct, 9);
        }

        Assert.Equal(await duck.QueryRequestHoursAsync(Day, CancellationToken.None), await house.QueryRequestHoursAsync(Day, CancellationToken.None));

        await new CostAllocationRunner(duck, new CostOptions(), TimeProvider.System).RunAsync(Day, CancellationToken.None);
        await new CostAllocationRunner(house, new CostOptions(), TimeProvider.System).RunAsync(Day, CancellationToken.None);
        var (a, b) = (await duck.ReadAllocationsAsync(Day, CancellationToken.None), await house.ReadAllocationsAsync(Day, CancellationToken.None));
        Assert.Equal(a.Count, b.Count);
        for (var i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i] with { GpuHours = 0, MeanUtilPct = 0 }, b[i] with { GpuHours = 0, MeanUtilPct = 0 });
            Assert.Equal(a[i].GpuHours, b[i].GpuHours, 9);
        }
    }
}
