using System.Globalization;
using System.Text.Json;
using Observability.Host.Cli;
using Observability.Host.Commands;
using Observability.Simulator;

namespace Observability.EndToEnd.Tests.Pipeline;

/// <summary><c>obs run</c> with <c>Store.Kind: "clickhouse"</c> against a real clickhouse-server.</summary>
public sealed class RunClickHouseTests
{
    [Fact]
    public async Task Run_ClickHouseStore_ScrapedRowsLandInClickHouse()
    {
        await using var clickHouse = await ClickHouseServer.StartNewAsync();
        var simulator = new FleetSimulator(FleetPresets.Small, TimeProvider.System);
        await using var server = new SimulatorServer(simulator);
        await server.StartAsync(CancellationToken.None);
        var dir = Directory.CreateTempSubdirectory("obs-run-ch-");
        var port = FreePorts.Take(1)[0];
        var dcgm = server.Targets.First(t => t.Kind == TargetKind.Dcgm);
        var config = Path.Combine(dir.FullName, "obs.json");
        await File.WriteAllTextAsync(config, $$$"""
            {
              "Store": {"Kind": "clickhouse", "ClickHouse": {"Endpoint": "{{{clickHouse.HttpEndpoint}}}", "Database": "obs_run", "RequestTimeout": "30s"}},
              "Scrape": {"DefaultInterval": "500ms", "DefaultTimeout": "500ms", "Targets": [{"Url": "{{{dcgm.Url}}}", "Job": "dcgm"}]},
              "Writer": {"FlushInterval": "200ms"},
              "Http": {"Listen": "http://127.0.0.1:{{{port}}}"}
            }
            """);
        using var stop = new CancellationTokenSource();
        var run = RunCommand.RunAsync(CommandArgs.Parse(["--config", config]), TextWriter.Null, stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        try
        {
            long rows = 0;
            for (var i = 0; i < 150 && rows == 0; i++)
            {
                await Task.Delay(200);
                try
                {
                    rows = long.Parse((await clickHouse.QueryAsync("SELECT count() FROM obs_run.gpu_samples FORMAT TabSeparated")).Trim(), CultureInfo.InvariantCulture);
                }
                catch (InvalidOperationException)
                {
                    // The schema is not there until the service has started.
                }
            }

            Assert.True(rows > 0, "no GPU rows reached ClickHouse");
            using var health = JsonDocument.Parse(await http.GetStringAsync("healthz"));
            Assert.Equal("clickhouse", health.RootElement.GetProperty("store").GetString());
            Assert.Equal(3, health.RootElement.GetProperty("schemaVersion").GetInt32()); // the tables, then the SLO tables, then the cost tables
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await run);
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Run_BadClickHouseConfig_EveryProblemListed()
    {
        var file = Path.Combine(Path.GetTempPath(), $"obs-bad-ch-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """
            {"Store": {"Kind": "clickhouse", "Path": "x.duckdb",
                       "ClickHouse": {"Database": "a-b", "Cluster": "c;d", "RequestTimeout": "soon", "MaxRowsPerInsert": 0, "InsertParallelism": 0}}}
            """);

        var (exit, _, stderr) = await Cli.CliRunner.RunAsync("run", "--config", file);
        File.Delete(file);

        Assert.Equal(2, exit);
        Assert.Contains("Store: Path, MemoryLimit, IdleMemoryLimit, Threads and Settings are DuckDB options", stderr, StringComparison.Ordinal);
        Assert.Contains("Store.ClickHouse.Database", stderr, StringComparison.Ordinal);
        Assert.Contains("Store.ClickHouse.Cluster", stderr, StringComparison.Ordinal);
        Assert.Contains("Store.ClickHouse.RequestTimeout", stderr, StringComparison.Ordinal);
        Assert.Contains("Store.ClickHouse.MaxRowsPerInsert", stderr, StringComparison.Ordinal);
        Assert.Contains("Store.ClickHouse.InsertParallelism", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownStoreKind_Refused()
    {
        var file = Path.Combine(Path.GetTempPath(), $"obs-bad-kind-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{"Store": {"Kind": "postgres", "ClickHouse": {}}}""");

        var (exit, _, stderr) = await Cli.CliRunner.RunAsync("run", "--config", file);
        File.Delete(file);

        Assert.Equal(2, exit);
        Assert.Contains("Store.Kind: 'postgres' is not supported; use duckdb or clickhouse", stderr, StringComparison.Ordinal);
        Assert.Contains("Store.ClickHouse: only used with Store.Kind \"clickhouse\"", stderr, StringComparison.Ordinal);
    }
}
