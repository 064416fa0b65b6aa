using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Observability.Analytics.Summary;
using Observability.Collectors.Scraping;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Model;
using Observability.Ingest.Writer;
using Observability.Simulator;

namespace Observability.EndToEnd.Tests.Pipeline;

/// <summary>
/// The whole trunk against the simulator's ground truth: real HTTP on loopback, the parser, the
/// mappers, the batching writer and the DuckDB store, with simulated time so that the two scrapes
/// frame an exact interval of the fleet's life.
/// </summary>
public sealed class SimulatorToStoreTests
{
    [Fact]
    public async Task TwoScrapes_TenMinutesApart_StoredTokensEqualGroundTruthExactly()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 10, 14, 9, 0, 0, TimeSpan.Zero));
        var simulator = new FleetSimulator(FleetPresets.Small with { FaultsPerGpuPerDay = 0 }, time);
        await using var server = new SimulatorServer(simulator);
        await server.StartAsync(CancellationToken.None);
        var db = Path.Combine(Path.GetTempPath(), $"obs-e2e-{Guid.NewGuid():N}.duckdb");
        await using var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = db }, time);
        await store.InitializeAsync(CancellationToken.None);
        await using var writer = new BatchingWriter(store, new BatchingWriterOptions(), time);
        using var http = new HttpClient(TargetScraper.CreateHandler());
        using var metrics = new ScrapeMetrics();
        var scrapers = server.Targets
            .Select(t => new TargetScraper(new ScrapeTarget { Url = t.Url, Job = t.Kind.ToString(), Labels = t.Labels }, http, new ScrapeOptions(), time, metrics))
            .ToList();

        var before = await ScrapeAllAsync(simulator, scrapers, writer);
        time.Advance(TimeSpan.FromMinutes(10));
        var after = await ScrapeAllAsync(simulator, scrapers, writer);
        await writer.FlushAsync();

        var totals = await store.QueryModelTotalsAsync(TimeRange.All, CancellationToken.None);
        foreach (var model in simulator.Options.Models.Select(m => m.Name))
        {
            var stored = totals.Where(t => t.Model == model).ToList();
            Assert.NotEmpty(stored);
            Assert.Equal(after.PromptTokens(model) - before.PromptTokens(model), stored.Sum(t => t[ServingField.PromptTokens]));
            Assert.Equal(after.GenerationTokens(model) - before.GenerationTokens(model), stored.Sum(t => t[ServingField.GenerationTokens]));
        }

        Assert.True(after.PromptTokens(simulator.Options.Models[0].Name) > before.PromptTokens(simulator.Options.Models[0].Name), "the fleet served nothing");
        var statuses = await store.ReadScrapeStatusesAsync(TimeRange.All, CancellationToken.None);
        Assert.Equal(2 * scrapers.Count, statuses.Count);
        Assert.All(statuses, s => Assert.True(s.Up, s.Error));
        var gpus = await store.QueryGpuUtilizationAsync(TimeRange.All, CancellationToken.None);
        Assert.Equal(after.Gpus.Count, gpus.Count);
    }

    [Fact]
    public async Task ScrapesFromTheStart_P95TimeToFirstToken_InTheTrueQuantilesBucket()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 10, 14, 14, 0, 0, TimeSpan.Zero));
        var simulator = new FleetSimulator(FleetPresets.Small with { FaultsPerGpuPerDay = 0 }, time);
        await using var server = new SimulatorServer(simulator);
        await server.StartAsync(CancellationToken.None);
        await using var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = ":memory:" }, time);
        await using var writer = new BatchingWriter(store, new BatchingWriterOptions(), time);
        using var http = new HttpClient(TargetScraper.CreateHandler());
        using var metrics = new ScrapeMetrics();
        var scrapers = server.Targets
            .Where(t => t.Kind == TargetKind.Vllm)
            .Select(t => new TargetScraper(new ScrapeTarget { Url = t.Url, Labels = t.Labels }, http, new ScrapeOptions(), time, metrics))
            .ToList();

        await ScrapeAllAsync(simulator, scrapers, writer);
        time.Advance(TimeSpan.FromMinutes(30));
        var truth = await ScrapeAllAsync(simulator, scrapers, writer);
        await writer.FlushAsync();

        var summary = await new FleetSummaryQuery(store).RunAsync(TimeRange.All, CancellationToken.None);
        var histograms = await store.ReadServingHistogramsAsync(TimeRange.All, ServingHistogramNames.TimeToFirstToken, CancellationToken.None);
        foreach (var model in summary.Models)
        {
            var (bounds, _) = HistogramMerge.OnCommonBounds(histograms.Where(h => h.Server.Model == model.Model).ToList());
            var truePercentile = truth.LatencyOf(model.Model).TimeToFirstToken.Quantile(0.95);
            var bucket = Array.FindIndex(bounds, b => truePercentile <= b);
            var lower = bucket == 0 ? 0 : bounds[bucket - 1];
            Assert.True(
                model.P95TimeToFirstTokenSeconds >= lower && model.P95TimeToFirstTokenSeconds <= bounds[bucket],
                $"{model.Model}: estimate {model.P95TimeToFirstTokenSeconds}, true p95 {truePercentile}, common bounds {string.Join(' ', bounds)}");
        }

        Assert.NotEmpty(summary.Models);
    }

    private static async Task<GroundTruth> ScrapeAllAsync(FleetSimulator simulator, List<TargetScraper> scrapers, BatchingWriter writer)
    {
        simulator.Advance();
        foreach (var scraper in scrapers)
        {
            await writer.EnqueueAsync(await scraper.ScrapeAsync(CancellationToken.None), CancellationToken.None);
        }

        return simulator.GetGroundTruth();
    }
}
