using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Observability.Collectors.Scraping;
using Observability.Ingest.Model;
using Observability.RemoteWrite.Tests.Support;
using Observability.Simulator;

namespace Observability.RemoteWrite.Tests;

/// <summary>
/// The test that matters: a real Prometheus 2.42 scrapes the simulated fleet every two seconds and remote-writes to the
/// product's endpoint, while the product scrapes the same pages directly into another store. The simulator runs on
/// simulated time, frozen except for one ten-minute step, so both see exactly two page versions: A, then B. Prometheus
/// scrapes each version several times (increases of 0 in between), the direct path once each; so for every GPU,
/// server and histogram the remote side's increases add up to the direct B row's, its last gauges equal the direct B
/// row's, and its identities, bounds and sample counts are the same.
/// </summary>
public sealed class PrometheusRemoteWriteTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RealPrometheus_RemoteWritesTheSimulator_SameRowsAsDirectScrapes()
    {
        var simTime = new FakeTimeProvider(new DateTimeOffset(2026, 10, 14, 9, 0, 0, TimeSpan.Zero));
        var simulator = new FleetSimulator(FleetPresets.Small with { FaultsPerGpuPerDay = 0 }, simTime);
        await using var pages = new SimulatorServer(simulator);
        await pages.StartAsync(CancellationToken.None);

        await using var direct = await StoreUnderTest.StartAsync();
        await using var remote = await StoreUnderTest.StartAsync();
        using var metrics = new RemoteWriteMetrics();
        var options = new RemoteWriteOptions { Enabled = true, AssemblyDelay = TimeSpan.FromSeconds(3) };
        using var intake = new RemoteWriteIntake(options, remote.Writer, TimeProvider.System, metrics);
        await using var endpoint = await IntakeServer.StartAsync(intake, options.MaxBodyBytes);
        await using var prometheus = await PrometheusServer.StartAsync(Config(pages.Targets, endpoint.WriteUrl));

        using var http = new HttpClient(TargetScraper.CreateHandler());
        using var scrapeMetrics = new ScrapeMetrics();
        var scrapers = pages.Targets
            .Select(t => new TargetScraper(new ScrapeTarget { Url = t.Url, Job = t.Kind.ToString(), Labels = t.Labels }, http, new ScrapeOptions(), simTime, scrapeMetrics))
            .ToList();

        // Page A: the direct path scrapes once; Prometheus scrapes until every target has arrived at least once.
        await ScrapeAllAsync(scrapers, direct);
        await WaitForAsync(remote, pages.Targets, DateTime.MinValue, prometheus);

        // Page B, ten simulated minutes later.
        var switched = TimeProvider.System.GetUtcNow().UtcDateTime.AddMilliseconds(-1);
        simTime.Advance(TimeSpan.FromMinutes(10));
        await ScrapeAllAsync(scrapers, direct);
        await WaitForAsync(remote, pages.Targets, switched, prometheus);

        // Prometheus sends what its queues hold when it stops; after that every scrape is complete and can be mapped.
        await prometheus.StopGracefullyAsync();
        intake.FlushAll();
        var expected = await direct.RowsAsync();
        var actual = await remote.RowsAsync();

        Assert.Equal(pages.Targets.Count * 2, expected.Statuses.Count);
        SameGpus(expected, actual);
        SameServing(expected, actual);
        SameHistograms(expected, actual);
        // A Prometheus scrape may time out on a busy machine (the first page after the ten-minute step is slow to
        // render): it arrives as up = 0, which must leave no rows and no counter state, so the sums above still hold.
        Assert.All(actual.Statuses.Where(s => !s.Up), s => Assert.Contains("up = 0", s.Error, StringComparison.Ordinal));
        foreach (var status in actual.Statuses.Where(s => s.Up))
        {
            var same = expected.Statuses.First(s => s.Target == status.Target);
            Assert.Equal((same.Job, same.Samples), (status.Job, status.Samples));
        }
    }

    private static void SameGpus(StoredRows expected, StoredRows actual)
    {
        var latest = Latest(expected.Gpus, g => $"{g.Target}|{g.Gpu.Uuid}|{g.Gpu.MigInstanceId}", g => g.Timestamp);
        var remote = actual.Gpus.GroupBy(g => $"{g.Target}|{g.Gpu.Uuid}|{g.Gpu.MigInstanceId}").ToDictionary(g => g.Key, g => g.OrderBy(r => r.Timestamp).ToList());
        Assert.Equal(latest.Keys.Order(StringComparer.Ordinal), remote.Keys.Order(StringComparer.Ordinal));
        Assert.True(remote.Values.All(rows => rows.Count >= 2), "Prometheus scraped every GPU at least twice");
        foreach (var (key, b) in latest)
        {
            var rows = remote[key];
            Assert.Equal(b.Gpu, rows[^1].Gpu);
            foreach (var field in GpuFieldCatalog.All)
            {
                var i = (int)field.Field;
                var got = field.Kind == MetricKind.Gauge ? rows[^1].Values[i] : SumOfIncreases(rows.Select(r => r.Values[i]));
                Assert.True(b.Values[i].Equals(got), $"{key} {field.Column}: direct {b.Values[i]}, remote_write {got}");
            }
        }

        Assert.Contains(latest.Values, g => g[GpuField.EnergyMj] > 0);
    }

    private static void SameServing(StoredRows expected, StoredRows actual)
    {
        var latest = Latest(expected.Serving, RowAssert.ServingKeyWithoutTime, s => s.Timestamp);
        var remote = actual.Serving.GroupBy(RowAssert.ServingKeyWithoutTime).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Timestamp).ToList());
        Assert.Equal(latest.Keys.Order(StringComparer.Ordinal), remote.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, b) in latest)
        {
            var rows = remote[key];
            Assert.Equal(b.Server, rows[^1].Server);
            foreach (var field in ServingFieldCatalog.All)
            {
                var i = (int)field.Field;
                var got = field.Kind == MetricKind.Gauge ? rows[^1].Values[i] : SumOfIncreases(rows.Select(r => r.Values[i]));
                Assert.True(b.Values[i].Equals(got), $"{key} {field.Column}: direct {b.Values[i]}, remote_write {got}");
            }
        }

        Assert.Contains(latest.Values, s => s[ServingField.GenerationTokens] > 0);
    }

    private static void SameHistograms(StoredRows expected, StoredRows actual)
    {
        var latest = Latest(expected.Histograms, RowAssert.HistogramKeyWithoutTime, h => h.Timestamp);
        var remote = actual.Histograms.GroupBy(RowAssert.HistogramKeyWithoutTime).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(latest.Keys.Order(StringComparer.Ordinal), remote.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, b) in latest)
        {
            var rows = remote[key];
            Assert.All(rows, r => Assert.Equal(b.UpperBounds, r.UpperBounds));
            var counts = b.BucketCounts.Select((_, i) => rows.Sum(r => r.BucketCounts[i])).ToArray();
            Assert.True(b.BucketCounts.SequenceEqual(counts), $"{key}: direct [{string.Join(' ', b.BucketCounts)}], remote_write [{string.Join(' ', counts)}]");
            Assert.Equal(b.Count, rows.Sum(r => r.Count));
            Assert.Equal(b.Sum, SumOfIncreases(rows.Select(r => r.Sum)));
        }

        Assert.Contains(latest.Values, h => h.Count > 0);
    }

    /// <summary>Increases over the rows, NaN (first scrape, absent) left out; NaN when none is a number.</summary>
    private static double SumOfIncreases(IEnumerable<double> values)
    {
        var numbers = values.Where(v => !double.IsNaN(v)).ToList();
        return numbers.Count == 0 ? double.NaN : numbers.Sum();
    }

    private static Dictionary<string, T> Latest<T>(IEnumerable<T> rows, Func<T, string> key, Func<T, DateTime> time) =>
        rows.GroupBy(key).ToDictionary(g => g.Key, g => g.MaxBy(time)!);

    private static async Task ScrapeAllAsync(List<TargetScraper> scrapers, StoreUnderTest store)
    {
        foreach (var scraper in scrapers)
        {
            var batch = await scraper.ScrapeAsync(CancellationToken.None);
            Assert.True(batch.ScrapeStatuses.Single().Up, batch.ScrapeStatuses.Single().Error);
            await store.WriteAsync(batch);
        }
    }

    /// <summary>Waits until every target has a successful remote_write scrape stamped after <paramref name="after"/> in the store.</summary>
    private static async Task WaitForAsync(StoreUnderTest remote, IReadOnlyList<SimulatedTarget> targets, DateTime after, PrometheusServer prometheus)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var rows = await remote.RowsAsync();
            var arrived = rows.Statuses.Where(s => s.Up && s.Timestamp > after).Select(s => s.Target).ToHashSet();
            if (targets.All(t => arrived.Contains(t.Url.ToString())))
            {
                return;
            }

            if (clock.Elapsed > Wait)
            {
                throw new TimeoutException($"remote_write brought {arrived.Count} of {targets.Count} targets after {after:O}; prometheus log:\n{prometheus.Log}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>One job per target kind; each target's path and instance (its URL, the direct path's target name) set through labels.</summary>
    private static string Config(IReadOnlyList<SimulatedTarget> targets, Uri writeUrl)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("global:\n  scrape_interval: 2s\n  scrape_timeout: 2s\nscrape_configs:");
        foreach (var kind in targets.GroupBy(t => t.Kind))
        {
            yaml.AppendLine($"  - job_name: {kind.Key}\n    static_configs:");
            foreach (var t in kind)
            {
                yaml.AppendLine($"      - targets: ['{t.Url.Authority}']\n        labels:");
                yaml.AppendLine($"          __metrics_path__: '{t.Url.AbsolutePath}'\n          instance: '{t.Url}'");
                foreach (var (name, value) in t.Labels.Where(l => l.Key is "cluster" or "node" or "namespace" or "pod" or "tenant"))
                {
                    yaml.AppendLine($"          {name}: '{value}'");
                }
            }
        }

        yaml.AppendLine($"remote_write:\n  - url: '{writeUrl}'");
        yaml.AppendLine("    queue_config:\n      batch_send_deadline: 200ms\n      min_shards: 2\n      max_shards: 4\n      min_backoff: 100ms\n      max_backoff: 1s");
        yaml.AppendLine("    metadata_config:\n      send_interval: 2s");
        return yaml.ToString();
    }
}
