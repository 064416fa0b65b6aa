using Observability.Analytics.Cost;
using Observability.Ingest.Contract;

namespace Observability.Cost.Tests;

/// <summary>
/// Allocation over a hand-built day whose answer is worked out on paper: a shared deployment on two H100s whose
/// price drops at noon, a MIG slice used by one tenant, an idle GPU that disappears at 06:00, a telemetry gap,
/// an unpriced GPU, unknown-tenant requests and a pass-through API model.
/// </summary>
public abstract class CostAllocationTests
{
    protected abstract TestStore NewStore();

    private Task<TestStore> StoreAsync(RowBatch batch) => NewStore().PrepareAsync(batch);

    private static readonly DateTime Day = TestTelemetry.Day;
    private static readonly TimeRange WholeDay = new(Day, Day.AddDays(1));

    private static readonly CostOptions RequestShares = new()
    {
        Deployments = new Dictionary<string, DeploymentCostOptions> { ["inference/chat"] = new() { ShareBasis = ShareBasis.Requests } },
    };

    internal static TestTelemetry Fleet()
    {
        var t = new TestTelemetry()
            .Minutes(TestTelemetry.Gpu("GPU-A", TestTelemetry.H100, "chat-7d9f8c6b5-x2k4q"), Day, 1440)
            .Minutes(TestTelemetry.Gpu("GPU-B", TestTelemetry.H100, "chat-7d9f8c6b5-m8zrt"), Day, 1440, missing: m => m is >= 180 and < 190)
            .Minutes(TestTelemetry.Gpu("GPU-IDLE", TestTelemetry.H100), Day, 360, util: 0)
            .Minutes(TestTelemetry.Gpu("GPU-MIG", TestTelemetry.A100), Day, 1440)
            .Minutes(TestTelemetry.Gpu("GPU-MIG", TestTelemetry.A100, "embed-0", "3g.40gb", "1"), Day, 1440)
            .Minutes(TestTelemetry.Gpu("GPU-MIG", TestTelemetry.A100, "", "1g.10gb", "2"), Day, 1440)
            .Minutes(TestTelemetry.Gpu("GPU-L4", "NVIDIA L4", "chat-7d9f8c6b5-l4l4l"), Day, 1440);
        for (var h = 0; h < 24; h++)
        {
            var at = Day.AddHours(h).AddMinutes(10);
            t.Requests(at, "acme", "llama", 5, pod: "chat-7d9f8c6b5-x2k4q")
                .Requests(at, "globex", "llama", 3, pod: "chat-7d9f8c6b5-m8zrt")
                .Requests(at, "initech", "llama", 1, pod: "chat-7d9f8c6b5-x2k4q")
                .Requests(at, "unknown", "llama", 1, pod: "chat-7d9f8c6b5-x2k4q")
                .Requests(at, "solo", "small", 7, pod: "embed-0")
                .Requests(at, "acme", "gpt-4o", 1, input: 1_000_000, output: 100_000, cached: 200_000, deployment: "openai", ns: "");
        }

        return t;
    }

    /// <summary>The chat deployment's cost in hour <paramref name="h"/>: two H100s, GPU-B missing 10 minutes of hour 3.</summary>
    private static decimal Chat(int h) => (h < 12 ? 4m : 3m) * (h == 3 ? 2m - (10m / 60m) : 2m);

    private const decimal Embed = 3m / 7m * 2.10m;
    private const decimal MigRest = 4m / 7m * 2.10m;
    private const decimal Gpt4o = (0.8m * 2.5m) + (0.2m * 1.25m) + (0.1m * 10m);

    [Fact]
    public async Task RunAsync_HandBuiltDay_EveryTenantChargedWhatPaperSays()
    {
        await using var store = await StoreAsync(Fleet().Batch);

        var result = await new CostAllocationRunner(store, RequestShares, TimeProvider.System).RunAsync(WholeDay, CancellationToken.None);
        var lines = await store.ReadAllocationsAsync(WholeDay, CancellationToken.None);

        decimal Of(string tenant) => Math.Round(lines.Where(l => l.Tenant == tenant).Sum(l => l.Cost), 8);
        var chat = Enumerable.Range(0, 24).Sum(Chat);
        Assert.Equal(Math.Round((chat * 0.5m) + (24 * Gpt4o), 8), Of("acme"));
        Assert.Equal(Math.Round(chat * 0.3m, 8), Of("globex"));
        Assert.Equal(Math.Round(chat * 0.1m, 8), Of("initech"));
        Assert.Equal(Math.Round(chat * 0.1m, 8), Math.Round(lines.Where(l => l.Kind == CostLineKind.Unallocated).Sum(l => l.Cost), 8));
        Assert.Equal(Math.Round(24 * Embed, 8), Of("solo"));
        Assert.Equal(Math.Round((6 * 4m) + (24 * MigRest), 8), Of(TenantNames.Idle));
        Assert.Equal(24 * Gpt4o, result.PassThroughCost);
        Assert.Equal(10, result.GapSlots);
        Assert.Equal(24, result.Unpriced.Sum(u => u.GpuHours), 6);
        Assert.All(result.Unpriced, u => Assert.Equal("no SKU for modelName", u.Reason));
        Assert.Equal(1, lines.Select(l => l.PriceBookVersion).Distinct().Single());

        var acmeNoon = Assert.Single(lines, l => l.Tenant == "acme" && l.Model == "llama" && l.Hour == Day.AddHours(12));
        Assert.Equal((5L, 500L, 50L), (acmeNoon.Requests, acmeNoon.InputTokens, acmeNoon.OutputTokens));
        Assert.Equal(1.0, acmeNoon.GpuHours, 9);
        Assert.Equal(50.0, acmeNoon.MeanUtilPct, 9);
    }

    [Fact]
    public async Task RunAsync_AnyPeriod_TenantsIdleAndUnallocatedSumToFleetTotalToTheCent()
    {
        await using var store = await StoreAsync(Fleet().Batch);
        await new CostAllocationRunner(store, new CostOptions(), TimeProvider.System).RunAsync(WholeDay, CancellationToken.None);
        var lines = await store.ReadAllocationsAsync(WholeDay, CancellationToken.None);

        // The fleet total, worked out without the allocator: every priced GPU's rate × time present, plus pass-through.
        decimal FleetTotal(int from, int to) => Enumerable.Range(from, to - from)
            .Sum(h => Chat(h) + (h < 6 ? 4m : 0m) + 2.10m + Gpt4o);

        var random = new Random(11);
        var periods = new List<(int From, int To)> { (0, 24), (0, 12), (12, 24), (3, 4), (5, 17) };
        periods.AddRange(Enumerable.Range(0, 40).Select(_ => random.Next(0, 24)).Select(a => (a, random.Next(a + 1, 25))));
        foreach (var (from, to) in periods)
        {
            var inPeriod = lines.Where(l => l.Hour >= Day.AddHours(from) && l.Hour < Day.AddHours(to)).ToList();
            var cents = Money.ToCents([.. inPeriod.Select(l => l.Cost)]);
            var expected = Math.Round(FleetTotal(from, to), 2, MidpointRounding.AwayFromZero);

            Assert.Equal(expected, cents.Sum());
            Assert.Equal(
                expected,
                cents.Where((_, i) => inPeriod[i].Kind == CostLineKind.Tenant).Sum() +
                cents.Where((_, i) => inPeriod[i].Kind == CostLineKind.Idle).Sum() +
                cents.Where((_, i) => inPeriod[i].Kind == CostLineKind.Unallocated).Sum());
        }
    }

    [Fact]
    public async Task RunAsync_RunTwice_SameLedger()
    {
        await using var store = await StoreAsync(Fleet().Batch);
        var runner = new CostAllocationRunner(store, new CostOptions(), TimeProvider.System);

        await runner.RunAsync(WholeDay, CancellationToken.None);
        var first = await store.ReadAllocationsAsync(WholeDay, CancellationToken.None);
        await runner.RunAsync(new TimeRange(Day.AddHours(5), Day.AddHours(9)), CancellationToken.None);
        var second = await store.ReadAllocationsAsync(WholeDay, CancellationToken.None);

        Assert.Equal(first.Select(Key), second.Select(Key));
    }

    [Theory]
    [InlineData(IdlePolicy.Proportional, "acme", 3 * 4.0 * 0.75)]
    [InlineData(IdlePolicy.Owner, "ops", 3 * 4.0)]
    [InlineData(IdlePolicy.Platform, TenantNames.Idle, 3 * 4.0)]
    public async Task RunAsync_DeploymentWithoutRequests_IdleHoursFollowThePolicy(IdlePolicy policy, string tenant, double expectedIdleHoursCost)
    {
        // One H100 for four hours; requests only in the first hour (acme 3, globex 1).
        var t = new TestTelemetry()
            .Minutes(TestTelemetry.Gpu("GPU-A", TestTelemetry.H100, "batch-0"), Day, 240)
            .Requests(Day.AddMinutes(1), "acme", "m", 3, pod: "batch-0")
            .Requests(Day.AddMinutes(2), "globex", "m", 1, pod: "batch-0");
        await using var store = await StoreAsync(t.Batch);
        var options = new CostOptions
        {
            IdlePolicy = policy,
            Deployments = new Dictionary<string, DeploymentCostOptions> { ["inference/batch"] = new() { ShareBasis = ShareBasis.Requests, Owner = "ops" } },
        };

        await new CostAllocationRunner(store, options, TimeProvider.System).RunAsync(new TimeRange(Day, Day.AddHours(4)), CancellationToken.None);
        var idleHours = (await store.ReadAllocationsAsync(new TimeRange(Day.AddHours(1), Day.AddHours(4)), CancellationToken.None)).ToList();

        Assert.Equal((decimal)expectedIdleHoursCost, idleHours.Where(l => l.Tenant == tenant).Sum(l => l.Cost));
        Assert.Equal(12m, idleHours.Sum(l => l.Cost));
    }

    [Fact]
    public async Task RunAsync_PlatformDeployment_SpreadOverTenantsByTheirDirectCost()
    {
        var t = new TestTelemetry()
            .Minutes(TestTelemetry.Gpu("GPU-A", TestTelemetry.H100, "chat-0"), Day, 60)
            .Minutes(TestTelemetry.Gpu("GPU-R", TestTelemetry.H100, "router-0"), Day, 60)
            .Requests(Day.AddMinutes(1), "acme", "m", 3, pod: "chat-0")
            .Requests(Day.AddMinutes(2), "globex", "m", 1, pod: "chat-0");
        await using var store = await StoreAsync(t.Batch);
        var options = new CostOptions
        {
            Deployments = new Dictionary<string, DeploymentCostOptions>
            {
                ["inference/chat"] = new() { ShareBasis = ShareBasis.Requests },
                ["inference/router"] = new() { Platform = true },
            },
        };

        await new CostAllocationRunner(store, options, TimeProvider.System).RunAsync(new TimeRange(Day, Day.AddHours(1)), CancellationToken.None);
        var lines = await store.ReadAllocationsAsync(TimeRange.All, CancellationToken.None);

        Assert.Equal(3m, lines.Single(l => l.Tenant == "acme" && l.Model == TenantNames.PlatformModel).Cost);
        Assert.Equal(1m, lines.Single(l => l.Tenant == "globex" && l.Model == TenantNames.PlatformModel).Cost);
    }

    [Fact]
    public async Task RunAsync_NoPriceBook_FailsClearly()
    {
        await using var store = await NewStore().PrepareAsync(new RowBatch(), priceBook: null);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new CostAllocationRunner(store, new CostOptions(), TimeProvider.System).RunAsync(WholeDay, CancellationToken.None));

        Assert.Contains("no price book", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RangeNotOnWholeHours_Refused()
    {
        await using var store = await StoreAsync(new RowBatch());

        await Assert.ThrowsAsync<ArgumentException>(
            () => new CostAllocationRunner(store, new CostOptions(), TimeProvider.System).RunAsync(new TimeRange(Day.AddMinutes(30), Day.AddHours(2)), CancellationToken.None));
    }

    private static string Key(CostAllocationLine l) => $"{l.Hour:O}|{l.Kind}|{l.Tenant}|{l.Model}|{l.Deployment}|{l.Cost}";
}

public sealed class DuckDbCostAllocationTests : CostAllocationTests
{
    protected override TestStore NewStore() => TestStore.DuckDb();
}

[Collection(ClickHouseCollection.Name)]
public sealed class ClickHouseCostAllocationTests(ClickHouseFixture clickHouse) : CostAllocationTests
{
    protected override TestStore NewStore() => TestStore.ClickHouse(clickHouse);
}
