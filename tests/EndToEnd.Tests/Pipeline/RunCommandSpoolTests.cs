using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Observability.Host.Cli;
using Observability.Host.Commands;
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
        Assert.Empty(Directory.GetFiles(Path.Combine(dir.FullName, "queue")));
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
