using Microsoft.Extensions.Time.Testing;
using Observability.Analytics.Cost;
using Observability.Collectors.Scraping;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;
using Observability.Simulator;

namespace Observability.Cost.Tests;

/// <summary>
/// A simulated day on accelerated time: dcgm-exporter pages scraped over loopback every simulated minute, request
/// events from the simulator, the H100 price dropping at noon. The simulator knows each tenant's true GPU time
/// per hour; a tenant's true cost is each deployment-hour's cost shared by those true GPU times, and the allocation
/// must land within 1 % of it for every tenant, with the ledger reconciling exactly. Runs on both stores.
/// </summary>
public abstract class GroundTruthAccuracyTests
{
    protected abstract TestStore NewStore();

    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// H100 node: "chat" on GPUs 0–1 (acme, globex, initech), "big" on GPUs 2–3 (acme, initech). A100 node: GPUs 0–2
    /// idle, GPU 3 in MIG mode with "small" on one instance used by solo alone and the other instances idle.
    /// </summary>
    private static readonly FleetOptions Fleet = new()
    {
        FaultsPerGpuPerDay = 0,
        Models =
        [
            new() { Name = "chat", Engine = ServingEngine.Vllm, Replicas = 2 },
            new()
            {
                Name = "big", Engine = ServingEngine.Triton, TensorRtLlm = true, GpusPerReplica = 2, PeakRequestsPerSecond = 1.2,
                MeanPromptTokens = 1200, MeanOutputTokens = 250, InterTokenLatencySeconds = 0.028, PrefillTokensPerSecond = 9_000, KvCacheTokens = 240_000,
            },
            new()
            {
                Name = "small", Engine = ServingEngine.Vllm, Replicas = 1, UseMig = true, PeakRequestsPerSecond = 1.5, MeanPromptTokens = 500,
                MeanOutputTokens = 120, InterTokenLatencySeconds = 0.012, PrefillTokensPerSecond = 15_000, KvCacheTokens = 60_000, MaxNumSeqs = 8,
            },
        ],
        Tenants =
        [
            new() { Name = "acme", ModelWeights = new Dictionary<string, double> { ["chat"] = 6, ["big"] = 2 } },
            new() { Name = "globex", ModelWeights = new Dictionary<string, double> { ["chat"] = 3 } },
            new() { Name = "initech", ModelWeights = new Dictionary<string, double> { ["chat"] = 1, ["big"] = 5 } },
            new() { Name = "solo", ModelWeights = new Dictionary<string, double> { ["small"] = 1 } },
        ],
    };

    [Fact]
    public async Task SimulatedDay_EveryTenantWithinOnePercentOfGroundTruth_LedgerExact()
    {
        var time = new FakeTimeProvider(Start);
        var simulator = new FleetSimulator(Fleet, time);
        await using var server = new SimulatorServer(simulator);
        await server.StartAsync(CancellationToken.None);
        await using var store = await NewStore().PrepareAsync(new RowBatch());
        using var http = new HttpClient(TargetScraper.CreateHandler());
        using var metrics = new ScrapeMetrics();
        var scrapers = server.Targets.Where(t => t.Kind == TargetKind.Dcgm)
            .Select(t => new TargetScraper(new ScrapeTarget { Url = t.Url, Job = "dcgm", Labels = t.Labels }, http, new ScrapeOptions(), time, metrics))
            .ToList();

        var hourly = new List<GroundTruth>();
        var batch = new RowBatch();
        for (var minute = 0; minute <= 24 * 60; minute++)
        {
            simulator.Advance();
            if (minute % 60 == 0)
            {
                hourly.Add(simulator.GetGroundTruth());
            }

            if (minute < 24 * 60)
            {
                foreach (var scraper in scrapers)
                {
                    batch.AddRange(await scraper.ScrapeAsync(CancellationToken.None));
                }

                batch.RequestEvents.AddRange(simulator.DrainRequestEvents().Select(ToRequestEvent));
            }

            // An hour of scrapes per write, as a writer with a long flush interval would send them.
            if (minute % 60 == 59)
            {
                await store.WriteAsync(batch);
                batch = new RowBatch();
            }

            time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(0, simulator.DroppedRequestEvents);
        var day = new TimeRange(Start.UtcDateTime, Start.UtcDateTime.AddDays(1));
        var result = await new CostAllocationRunner(store, new CostOptions(), time).RunAsync(day, CancellationToken.None);
        var lines = await store.ReadAllocationsAsync(day, CancellationToken.None);

        var deviceCost = DeploymentHourCost(hourly[^1]);
        var fleetTotal = Enumerable.Range(0, 24).Sum(h => (4 * H100(h)) + (4 * 2.10m));
        Assert.Equal(Math.Round(fleetTotal, 2, MidpointRounding.AwayFromZero), Money.ToCents([.. lines.Select(l => l.Cost)]).Sum());
        Assert.Equal(fleetTotal, result.GpuCost);
        Assert.Equal(0, result.GapSlots);
        Assert.Empty(result.Unpriced);

        foreach (var tenant in Fleet.Tenants.Select(t => t.Name))
        {
            var truth = 0m;
            for (var h = 0; h < 24; h++)
            {
                foreach (var model in Fleet.Models.Select(m => m.Name))
                {
                    var all = hourly[h + 1].Usage.Where(u => u.Model == model).Sum(u => u.GpuSeconds) - hourly[h].Usage.Where(u => u.Model == model).Sum(u => u.GpuSeconds);
                    var mine = GpuSeconds(hourly[h + 1], tenant, model) - GpuSeconds(hourly[h], tenant, model);
                    truth += all > 0 ? deviceCost(model, h) * (decimal)(mine / all) : 0;
                }
            }

            var attributed = lines.Where(l => l.Tenant == tenant).Sum(l => l.Cost);
            Assert.True(truth > 0, $"{tenant} has no ground-truth cost");
            var error = Math.Abs(attributed - truth) / truth;
            Assert.True(error < 0.01m, $"{tenant}: attributed {attributed:0.00}, ground truth {truth:0.00}, off by {error:P2}");
        }

        // The idle A100s and the MIG GPU's unused slices are the idle line, and nothing else is.
        var smallSlices = MigShare.SlicesOf(hourly[^1].Gpus.Single(g => g.Model == "small").MigProfile!)!.Value;
        Assert.Equal(24 * ((3 * 2.10m) + ((7 - smallSlices) / 7m * 2.10m)), Math.Round(lines.Where(l => l.Kind == CostLineKind.Idle).Sum(l => l.Cost), 8));
    }

    private static decimal H100(int hour) => hour < 12 ? 4.00m : 3.00m;

    /// <summary>Each model's cost per hour from the layout alone: whole GPUs at their SKU's price, a MIG instance at its slices' share.</summary>
    private static Func<string, int, decimal> DeploymentHourCost(GroundTruth truth) => (model, hour) =>
        truth.Gpus.Where(g => g.Model == model).Sum(g =>
            g.MigProfile is null ? (g.Node.EndsWith('0') ? H100(hour) : 2.10m) : MigShare.SlicesOf(g.MigProfile)!.Value / 7m * 2.10m);

    private static double GpuSeconds(GroundTruth truth, string tenant, string model) =>
        truth.Usage.SingleOrDefault(u => u.Tenant == tenant && u.Model == model)?.GpuSeconds ?? 0;

    private static Ingest.Model.RequestEvent ToRequestEvent(Simulator.RequestEvent e) => new()
    {
        Timestamp = e.Arrival.UtcDateTime,
        RequestId = e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Tenant = e.Tenant,
        Model = e.Model,
        Namespace = Fleet.Namespace,
        Pod = e.Replica,
        Node = e.Node,
        Status = e.Status == Simulator.RequestStatus.Succeeded ? Ingest.Model.RequestStatus.Success : Ingest.Model.RequestStatus.Error,
        InputTokens = e.PromptTokens,
        OutputTokens = e.GenerationTokens,
        E2eSeconds = e.EndToEndSeconds,
    };
}

public sealed class DuckDbGroundTruthAccuracyTests : GroundTruthAccuracyTests
{
    protected override TestStore NewStore() => TestStore.DuckDb();
}

[Collection(ClickHouseCollection.Name)]
public sealed class ClickHouseGroundTruthAccuracyTests(ClickHouseFixture clickHouse) : GroundTruthAccuracyTests
{
    protected override TestStore NewStore() => TestStore.ClickHouse(clickHouse);
}
