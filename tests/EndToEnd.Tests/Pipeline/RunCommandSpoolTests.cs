using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Observability.Host.Cli;
using Observability.Host.Commands;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Model;
using Observability.Ingest.Spool;
using Observability.Simulator;

namespace Observability.EndToEnd.Tests.Pipeline;

public sealed class RunCommandSpoolTests
{
    [Fact]
    public async Task Run_WithSpoolSection_CreatesTheSpoolAndPublishesItsGaugesAndBacklog()
    {
        var simulator = new FleetSimulator(FleetPresets.Small, TimeProvider.System);
        await using var server = new SimulatorServer(simulator);
        await server.StartAsync(CancellationToken.None);
        var dir = Directory.CreateTempSubdirectory("obs-run-spool-");
        var port = FreePort();
        var dcgm = server.Targets.First(t => t.Kind == TargetKind.Dcgm);
        var config = Path.Combine(dir.FullName, "obs.json");
        await File.WriteAllTextAsync(config, $$$"""
            {
              "Store": {"Path": "obs.duckdb"},
              "Spool": {"Directory": "queue", "MaxBytes": 8388608},
              "Scrape": {"DefaultInterval": "500ms", "DefaultTimeout": "500ms", "Targets": [{"Url": "{{{dcgm.Url}}}", "Job": "dcgm"}]},
              "Http": {"Listen": "http://127.0.0.1:{{{port}}}"}
            }
            """);
        using var stop = new CancellationTokenSource();
        var run = RunCommand.RunAsync(CommandArgs.Parse(["--config", config]), TextWriter.Null, stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        try
        {
            var metrics = "";
            for (var i = 0; i < 100 && !metrics.Contains("ingest_writer_rows_written_total{", StringComparison.Ordinal); i++)
            {
                await Task.Delay(200);
                try
                {
                    metrics = await http.GetStringAsync("metrics");
                }
                catch (HttpRequestException)
                {
                }
            }

            Assert.Contains("ingest_spool_size_bytes{store=\"duckdb\"} 0", metrics, StringComparison.Ordinal);
            Assert.Contains("ingest_spool_size_batches{store=\"duckdb\"} 0", metrics, StringComparison.Ordinal);
            using var health = JsonDocument.Parse(await http.GetStringAsync("healthz"));
            Assert.Equal(0, health.RootElement.GetProperty("spooledBatches").GetInt32());
            Assert.True(Directory.Exists(Path.Combine(dir.FullName, "queue")));
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await run);
        }

        // A healthy store leaves no spool file behind.
        Assert.Equal(["lock"], Directory.GetFiles(Path.Combine(dir.FullName, "queue")).Select(Path.GetFileName));
        dir.Delete(recursive: true);
    }

    [Fact]
    public async Task Run_SpoolLeftByARunWhoseStoreWasDown_ReplayedIntoTheStoreAtStart()
    {
        var dir = Directory.CreateTempSubdirectory("obs-run-replay-");
        var spool = Path.Combine(dir.FullName, "spool");
        var t0 = new DateTime(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);
        // An earlier run whose store could not even open its file: every batch went to the spool.
        var unreachable = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = Path.Combine(dir.FullName, "missing", "x.duckdb") });
        await using (var earlier = new SpoolingStore(unreachable, new SpoolOptions { Directory = spool }))
        {
            for (var b = 0; b < 3; b++)
            {
                var batch = new RowBatch();
                for (var r = 0; r < 5; r++)
                {
                    var gpu = new GpuIdentity("c1", "node-a", "0", $"GPU-{r}", "", "", "H100", "", "", "", "", "", "");
                    batch.GpuSamples.Add(new GpuSample(t0.AddSeconds(b), "dcgm:9400", gpu, GpuSample.NewValues()));
                }

                await earlier.WriteAsync(batch, CancellationToken.None);
            }

            Assert.Equal(3, earlier.SpooledBatches);
        }

        var port = FreePort();
        var config = Path.Combine(dir.FullName, "obs.json");
        await File.WriteAllTextAsync(config, $$$"""
            {"Store": {"Path": "obs.duckdb"}, "Http": {"Listen": "http://127.0.0.1:{{{port}}}"}}
            """);
        using var stop = new CancellationTokenSource();
        var run = RunCommand.RunAsync(CommandArgs.Parse(["--config", config]), TextWriter.Null, stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        try
        {
            var spooled = -1;
            for (var i = 0; i < 100 && spooled != 0; i++)
            {
                await Task.Delay(200);
                try
                {
                    using var health = JsonDocument.Parse(await http.GetStringAsync("healthz"));
                    spooled = health.RootElement.GetProperty("spooledBatches").GetInt32();
                }
                catch (HttpRequestException)
                {
                }
            }

            Assert.Equal(0, spooled);
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await run);
        }

        await using (var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = Path.Combine(dir.FullName, "obs.duckdb") }))
        {
            var rows = await store.ReadGpuSamplesAsync(new TimeRange(t0, t0.AddMinutes(1)), CancellationToken.None);
            Assert.Equal(15, rows.Count);
        }

        Assert.Equal(["lock"], Directory.GetFiles(spool).Select(Path.GetFileName));
        dir.Delete(recursive: true);
    }

    [Fact]
    public async Task Run_BadSpoolSection_EveryProblemListed()
    {
        var file = Path.Combine(Path.GetTempPath(), $"obs-bad-spool-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """
            {"Spool": {"Directory": " ", "MaxBytes": 1000}, "Writer": {"MaxBatchRows": 0}}
            """);

        var (exit, _, stderr) = await Cli.CliRunner.RunAsync("run", "--config", file);

        Assert.Equal(2, exit);
        Assert.Contains("Spool.Directory", stderr, StringComparison.Ordinal);
        Assert.Contains("Spool.MaxBytes must be at least 1048576 (got 1000)", stderr, StringComparison.Ordinal);
        Assert.Contains("Writer.MaxBatchRows", stderr, StringComparison.Ordinal);
        File.Delete(file);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
