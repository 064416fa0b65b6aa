using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Observability.Host.Cli;
using Observability.Host.Commands;
using Observability.Simulator;

namespace Observability.EndToEnd.Tests.Pipeline;

public sealed class RunCommandTests
{
    [Fact]
    public async Task Run_WithConfig_ScrapesAndServesMetricsAndHealth()
    {
        var simulator = new FleetSimulator(FleetPresets.Small, TimeProvider.System);
        await using var server = new SimulatorServer(simulator);
        await server.StartAsync(CancellationToken.None);
        var dir = Directory.CreateTempSubdirectory("obs-run-");
        var port = FreePort();
        var dcgm = server.Targets.First(t => t.Kind == TargetKind.Dcgm);
        var config = Path.Combine(dir.FullName, "obs.json");
        await File.WriteAllTextAsync(config, $$$"""
            {
              // comments are allowed
              "Store": {"Path": "obs.duckdb"},
              "Scrape": {"DefaultInterval": "500ms", "DefaultTimeout": "500ms",
                         "Targets": [{"Url": "{{{dcgm.Url}}}", "Job": "dcgm", "Labels": {"cluster": "c1"}}]},
              "Http": {"Listen": "http://127.0.0.1:{{{port}}}"}
            }
            """);
        using var stop = new CancellationTokenSource();
        var run = RunCommand.RunAsync(CommandArgs.Parse(["--config", config]), TextWriter.Null, stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        try
        {
            // Other tests in this process publish obs_scrapes_total too (one registry), possibly with other outcomes
            // first: wait for this service's successful scrape, not for the metric's name.
            string metrics = "";
            const string okScrapes = @"obs_scrapes_total\{[^}]*outcome=""ok""";
            for (var i = 0; i < 100 && !Regex.IsMatch(metrics, okScrapes); i++)
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

            Assert.Matches(okScrapes, metrics);
            using var health = JsonDocument.Parse(await http.GetStringAsync("healthz"));
            Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
            Assert.Equal(1, health.RootElement.GetProperty("targets").GetInt32());
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await run);
        }

        Assert.True(File.Exists(Path.Combine(dir.FullName, "obs.duckdb")));
        dir.Delete(recursive: true);
    }

    [Fact]
    public async Task Run_BadConfig_EveryProblemListed()
    {
        var file = Path.Combine(Path.GetTempPath(), $"obs-bad-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """
            {"Store": {"Threads": 0}, "Scrape": {"DefaultInterval": "soon", "MaxConcurrentScrapes": 0, "Targets": [{"Url": "not a url"}]}, "Http": {"Listen": "::"},
             "RemoteWrite": {"AssemblyDelay": "later", "Sources": [{"Job": "dcgm", "Mappers": ["sglang"]}]}}
            """);

        var (exit, _, stderr) = await Cli.CliRunner.RunAsync("run", "--config", file);

        Assert.Equal(2, exit);
        Assert.Contains("Store.Threads", stderr, StringComparison.Ordinal);
        Assert.Contains("Scrape.DefaultInterval", stderr, StringComparison.Ordinal);
        Assert.Contains("Scrape.MaxConcurrentScrapes", stderr, StringComparison.Ordinal);
        Assert.Contains("Scrape.Targets[0].Url", stderr, StringComparison.Ordinal);
        Assert.Contains("Http.Listen", stderr, StringComparison.Ordinal);
        Assert.Contains("RemoteWrite.AssemblyDelay", stderr, StringComparison.Ordinal);
        Assert.Contains("RemoteWrite.Sources[0].Mappers: unknown mapper 'sglang'", stderr, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
