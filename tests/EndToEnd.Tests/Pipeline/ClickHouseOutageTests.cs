using System.Globalization;
using Observability.ClickHouseStore;
using Observability.Collectors.Scraping;
using Observability.Ingest.Contract;
using Observability.Ingest.Spool;
using Observability.Ingest.Writer;
using Observability.Simulator;

namespace Observability.EndToEnd.Tests.Pipeline;

/// <summary>
/// The durable-ingest promise end to end: the simulator is scraped into a real ClickHouse through the writer and the
/// disk spool, the server is killed for a minute and restarted, and every row the scrapes produced is stored exactly
/// once — none lost while it was down, none doubled by the replay.
/// </summary>
public sealed class ClickHouseOutageTests
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ScrapeEvery = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Scrape_ClickHouseKilledForAMinuteThenRestarted_EveryGeneratedRowStoredExactlyOnce()
    {
        await using var clickHouse = await ClickHouseServer.StartNewAsync();
        var simulator = new FleetSimulator(FleetPresets.Small, TimeProvider.System);
        await using var server = new SimulatorServer(simulator);
        await server.StartAsync(CancellationToken.None);
        var spoolDir = Directory.CreateTempSubdirectory("obs-outage-spool-");
        var store = new ClickHouseTelemetryStore(
            new ClickHouseStoreOptions { Endpoint = clickHouse.HttpEndpoint, Database = "outage", RequestTimeout = TimeSpan.FromSeconds(10) });
        await store.InitializeAsync(CancellationToken.None);
        await using var spooling = new SpoolingStore(store, new SpoolOptions { Directory = spoolDir.FullName, MaxReplayDelay = TimeSpan.FromSeconds(2) });
        await using var writer = new BatchingWriter(spooling, new BatchingWriterOptions { FlushInterval = TimeSpan.FromMilliseconds(200) });
        using var http = new HttpClient(TargetScraper.CreateHandler());
        using var metrics = new ScrapeMetrics();
        var scrapers = server.Targets
            .Select(t => new TargetScraper(new ScrapeTarget { Url = t.Url, Job = t.Kind.ToString(), Labels = t.Labels }, http, new ScrapeOptions(), TimeProvider.System, metrics))
            .ToList();
        var generated = new GeneratedRows();

        try
        {
            await ScrapeForAsync(TimeSpan.FromSeconds(5), simulator, scrapers, writer, generated);
            await clickHouse.StopAsync();
            await ScrapeForAsync(Outage, simulator, scrapers, writer, generated);
            Assert.True(spooling.SpooledBatches > 0, "nothing was spooled while ClickHouse was down");
            var spooledDuringOutage = spooling.SpooledBatches;
            await clickHouse.StartAsync();
            await ScrapeForAsync(TimeSpan.FromSeconds(5), simulator, scrapers, writer, generated);
            await writer.FlushAsync();
            for (var i = 0; i < 120 && spooling.SpooledBatches > 0; i++)
            {
                await Task.Delay(500);
            }

            Assert.True(spooling.SpooledBatches == 0, $"the spool still holds {spooling.SpooledBatches} of {spooledDuringOutage} batches");
            var storedGpu = (await store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None))
                .Select(r => GeneratedRows.GpuKey(r.Timestamp, r.Target, r.Gpu.Uuid, r.Gpu.MigInstanceId)).Order(StringComparer.Ordinal).ToList();
            var storedStatus = (await store.ReadScrapeStatusesAsync(TimeRange.All, CancellationToken.None))
                .Select(r => GeneratedRows.StatusKey(r.Timestamp, r.Target)).Order(StringComparer.Ordinal).ToList();
            var storedServing = (await store.ReadServingSamplesAsync(TimeRange.All, CancellationToken.None)).Count;
            var storedHistograms = (await store.ReadServingHistogramsAsync(TimeRange.All, null, CancellationToken.None)).Count;

            Assert.True(generated.Gpu.Count > 200, $"only {generated.Gpu.Count} GPU rows were generated");
            Assert.Equal(generated.Gpu.Order(StringComparer.Ordinal), storedGpu);
            Assert.Equal(generated.Status.Order(StringComparer.Ordinal), storedStatus);
            Assert.Equal(generated.Serving, storedServing);
            Assert.Equal(generated.Histograms, storedHistograms);
        }
        finally
        {
            await store.DisposeAsync();
            spoolDir.Delete(recursive: true);
        }
    }

    private static async Task ScrapeForAsync(
        TimeSpan duration, FleetSimulator simulator, List<TargetScraper> scrapers, BatchingWriter writer, GeneratedRows generated)
    {
        var until = TimeProvider.System.GetTimestamp() + (long)(duration.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (TimeProvider.System.GetTimestamp() < until)
        {
            simulator.Advance();
            foreach (var scraper in scrapers)
            {
                var batch = await scraper.ScrapeAsync(CancellationToken.None);
                generated.Record(batch);
                await writer.EnqueueAsync(batch, CancellationToken.None);
            }

            await Task.Delay(ScrapeEvery);
        }
    }

    /// <summary>What the scrapes handed to the writer, keyed so that a lost or doubled row shows in the comparison.</summary>
    private sealed class GeneratedRows
    {
        public List<string> Gpu { get; } = [];

        public List<string> Status { get; } = [];

        public int Serving { get; private set; }

        public int Histograms { get; private set; }

        public static string GpuKey(DateTime ts, string target, string uuid, string mig) =>
            string.Create(CultureInfo.InvariantCulture, $"{Microseconds(ts)}|{target}|{uuid}|{mig}");

        public static string StatusKey(DateTime ts, string target) =>
            string.Create(CultureInfo.InvariantCulture, $"{Microseconds(ts)}|{target}");

        /// <summary>Stores keep microseconds (the contract's precision); the clock has ticks of 100 ns.</summary>
        private static long Microseconds(DateTime ts) => ts.Ticks / 10;

        public void Record(RowBatch batch)
        {
            Gpu.AddRange(batch.GpuSamples.Select(r => GpuKey(r.Timestamp, r.Target, r.Gpu.Uuid, r.Gpu.MigInstanceId)));
            Status.AddRange(batch.ScrapeStatuses.Select(r => StatusKey(r.Timestamp, r.Target)));
            Serving += batch.ServingSamples.Count;
            Histograms += batch.ServingHistograms.Count;
        }
    }
}
