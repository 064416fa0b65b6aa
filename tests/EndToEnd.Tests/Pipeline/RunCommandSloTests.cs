using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Observability.Host.Cli;
using Observability.Host.Commands;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Model;
using Observability.Simulator;

namespace Observability.EndToEnd.Tests.Pipeline;

public sealed class RunCommandSloTests
{
    private const string CountersSlo = """
        apiVersion: obs.slo/v1
        kind: SLO
        metadata: {name: fleet-availability}
        spec:
          objective: 99.9
          timeWindow: {rolling: 30d}
          indicator: {kind: availability, source: servingCounters}
        """;

    [Fact]
    public async Task Run_WithSloFiles_ServesSloApiAndGauges()
    {
        var simulator = new FleetSimulator(FleetPresets.Small, TimeProvider.System);
        await using var server = new SimulatorServer(simulator);
        await server.StartAsync(CancellationToken.None);
        var dir = Directory.CreateTempSubdirectory("obs-run-slo-");
        var port = FreePort();
        var vllm = server.Targets.First(t => t.Kind == TargetKind.Vllm);
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "fleet.yaml"), CountersSlo);
        var config = Path.Combine(dir.FullName, "obs.json");
        await File.WriteAllTextAsync(config, $$$"""
            {
              "Store": {"Path": "obs.duckdb"},
              "Scrape": {"DefaultInterval": "500ms", "DefaultTimeout": "500ms", "Targets": [{"Url": "{{{vllm.Url}}}", "Job": "vllm"}]},
              "Http": {"Listen": "http://127.0.0.1:{{{port}}}"},
              "Slo": {"Files": ["fleet.yaml"], "EvaluationInterval": "500ms"}
            }
            """);
        using var stop = new CancellationTokenSource();
        var run = RunCommand.RunAsync(CommandArgs.Parse(["--config", config]), TextWriter.Null, stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        try
        {
            var metrics = "";
            for (var i = 0; i < 150 && !(metrics.Contains("slo_evaluations_total{", StringComparison.Ordinal) && metrics.Contains("slo_burn_rate{", StringComparison.Ordinal)); i++)
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

            Assert.Contains("slo_error_budget_remaining{slo=\"fleet-availability\",tenant=\"\"}", metrics, StringComparison.Ordinal);
            Assert.Contains("slo_burn_rate{slo=\"fleet-availability\",tenant=\"\",window=\"5m\"}", metrics, StringComparison.Ordinal);
            Assert.Contains("slo_evaluations_total{slo=\"fleet-availability\",outcome=\"ok\"}", metrics, StringComparison.Ordinal);
            using var sloResponse = await http.GetAsync("api/v1/slo");
            var sloBody = await sloResponse.Content.ReadAsStringAsync();
            Assert.True(sloResponse.IsSuccessStatusCode, $"{sloResponse.StatusCode}: {sloBody}");
            using var status = JsonDocument.Parse(sloBody);
            var slo = Assert.Single(status.RootElement.EnumerateArray());
            Assert.Equal("fleet-availability", slo.GetProperty("slo").GetString());
            Assert.Equal("30d", slo.GetProperty("window").GetString());
            var group = Assert.Single(slo.GetProperty("groups").EnumerateArray());
            Assert.Equal("ok", group.GetProperty("state").GetString());
            Assert.True(group.GetProperty("total").GetDouble() > 0);
            using var alerts = JsonDocument.Parse(await http.GetStringAsync("api/v1/alerts"));
            Assert.Equal(JsonValueKind.Array, alerts.RootElement.ValueKind);
            var (exit, table, _) = await Cli.CliRunner.RunAsync("slo", "status", "--url", $"http://127.0.0.1:{port}/");
            Assert.Equal(0, exit);
            Assert.Contains(table.Split('\n'), l => l.StartsWith("fleet-availability", StringComparison.Ordinal) && l.TrimEnd().EndsWith("ok", StringComparison.Ordinal));
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await run);
        }

        dir.Delete(recursive: true);
    }

    [Fact]
    public async Task Run_MalformedSloFile_EveryProblemListedWithFileAndField()
    {
        var dir = Directory.CreateTempSubdirectory("obs-run-slo-bad-");
        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "bad.yaml"), "apiVersion: obs.slo/v1\nkind: SLO\nmetadata: {name: x}\nspec: {objective: 101, timeWindow: {rolling: 30d}, indicator: {kind: speed}}\n");
        var config = Path.Combine(dir.FullName, "obs.json");
        await File.WriteAllTextAsync(config, """
            {"Slo": {"Files": ["bad.yaml", "missing.yaml"], "Alertmanagers": ["nope"], "EvaluationInterval": "soon",
                     "Webhooks": [{"Url": "http://127.0.0.1:1/hook"}, {"Url": "http://127.0.0.1:1/hook", "SecretEnv": "OBS_TEST_UNSET_SECRET_VARIABLE"}]}}
            """);

        var (exit, _, stderr) = await Cli.CliRunner.RunAsync("run", "--config", config);

        Assert.Equal(2, exit);
        Assert.Contains($"Slo.Files: {Path.Combine(dir.FullName, "bad.yaml")}: spec.objective: 101 must be a percentage", stderr, StringComparison.Ordinal);
        Assert.Contains("spec.indicator.kind: 'speed' is not availability, latency or goodput", stderr, StringComparison.Ordinal);
        Assert.Contains("missing.yaml: (file): no such file or directory", stderr, StringComparison.Ordinal);
        Assert.Contains("Slo.Alertmanagers[0]: 'nope' is not an http(s) URL", stderr, StringComparison.Ordinal);
        Assert.Contains("Slo.EvaluationInterval", stderr, StringComparison.Ordinal);
        Assert.Contains("Slo.Webhooks[0]: set exactly one of SecretEnv or SecretFile", stderr, StringComparison.Ordinal);
        Assert.Contains("Slo.Webhooks[1].SecretEnv: environment variable OBS_TEST_UNSET_SECRET_VARIABLE is not set", stderr, StringComparison.Ordinal);
        dir.Delete(recursive: true);
    }

    [Fact]
    public async Task Run_HistogramThresholdNotABucketBound_RefusesToStartNamingTheBounds()
    {
        var dir = Directory.CreateTempSubdirectory("obs-run-slo-bounds-");
        var db = Path.Combine(dir.FullName, "obs.duckdb");
        await using (var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = db }))
        {
            var batch = new RowBatch();
            batch.ServingHistograms.Add(new ServingHistogram(
                TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-1), "t", new ServingIdentity("c", "n", "vllm", "m", "", "vllm", "", "", "", ""),
                ServingHistogramNames.TimeToFirstToken, [0.25, 0.5, 1, double.PositiveInfinity], [1, 1, 1, 1], 4, 2));
            await store.WriteAsync(batch, CancellationToken.None);
        }

        await File.WriteAllTextAsync(Path.Combine(dir.FullName, "ttft.yaml"), """
            apiVersion: obs.slo/v1
            kind: SLO
            metadata: {name: ttft}
            spec:
              objective: 99
              timeWindow: {rolling: 30d}
              indicator: {kind: latency, source: servingHistograms, latency: {metric: ttft, threshold: 300ms}}
            """);
        var config = Path.Combine(dir.FullName, "obs.json");
        await File.WriteAllTextAsync(config, $$$"""{"Store": {"Path": "obs.duckdb"}, "Spool": {"Enabled": false}, "Http": {"Listen": "http://127.0.0.1:{{{FreePort()}}}"}, "Slo": {"Files": ["ttft.yaml"]}}""");

        var (exit, _, stderr) = await Cli.CliRunner.RunAsync("run", "--config", config);

        Assert.Equal(2, exit);
        Assert.Contains("spec.indicator.latency.threshold: 0.3s is not a bucket bound of ttft_seconds; the bounds that exist are: 0.25s, 0.5s, 1s", stderr, StringComparison.Ordinal);
        dir.Delete(recursive: true);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
