using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Google.Protobuf;
using Observability.Collectors.Otlp.Protocol;
using Observability.Host.Cli;
using Observability.Host.Commands;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;

namespace Observability.EndToEnd.Tests.Pipeline;

/// <summary><c>obs run</c> with an <c>Otlp</c> section: the receiver listens beside /metrics and writes into the same store.</summary>
public sealed class RunCommandOtlpTests
{
    [Fact]
    public async Task Run_WithOtlpSection_ReceivesSpansCountsThemAndStoresRequestEvents()
    {
        var dir = Directory.CreateTempSubdirectory("obs-run-otlp-");
        var (port, otlpPort, grpcPort) = (FreePort(), FreePort(), FreePort());
        var config = Path.Combine(dir.FullName, "obs.json");
        await File.WriteAllTextAsync(config, $$$"""
            {
              "Store": {"Path": "obs.duckdb"},
              "Http": {"Listen": "http://127.0.0.1:{{{port}}}"},
              "Otlp": {"HttpListen": "http://127.0.0.1:{{{otlpPort}}}", "GrpcListen": "http://127.0.0.1:{{{grpcPort}}}",
                       "TenantAttribute": "org.id", "TenantFallbacks": []}
            }
            """);
        using var stop = new CancellationTokenSource();
        using var stdout = new StringWriter();
        var run = RunCommand.RunAsync(CommandArgs.Parse(["--config", config]), stdout, stop.Token);
        using var http = new HttpClient();
        try
        {
            HttpResponseMessage? answer = null;
            for (var i = 0; i < 100 && answer?.StatusCode != HttpStatusCode.OK; i++)
            {
                await Task.Delay(200);
                try
                {
                    using var content = new ByteArrayContent(Export().ToByteArray());
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                    answer = await http.PostAsync($"http://127.0.0.1:{otlpPort}/v1/traces", content);
                }
                catch (HttpRequestException)
                {
                }
            }

            Assert.Equal(HttpStatusCode.OK, answer?.StatusCode);
            var metrics = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
            // Other tests in this process (the demo) publish into the same meters and registry: at least ours counted.
            Assert.Matches(@"(?m)^obs_otlp_spans_mapped_total [1-9]", metrics);
            Assert.Matches(@"(?m)^obs_otlp_exports_total\{signal=""traces"",transport=""http"",outcome=""ok""\} [1-9]", metrics);
            Assert.Contains($"OTLP/HTTP on http://127.0.0.1:{otlpPort}/", stdout.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await run);
        }

        await using (var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = Path.Combine(dir.FullName, "obs.duckdb") }, TimeProvider.System))
        {
            await store.InitializeAsync(CancellationToken.None);
            var e = Assert.Single(await store.ReadRequestEventsAsync(TimeRange.All, CancellationToken.None));
            Assert.Equal(("acme", "llama", 42L), (e.Tenant, e.Model, e.InputTokens!.Value));
        }

        dir.Delete(recursive: true);
    }

    [Fact]
    public async Task Run_BadOtlpSection_EveryProblemListed()
    {
        var file = Path.Combine(Path.GetTempPath(), $"obs-bad-otlp-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """
            {"Otlp": {"HttpListen": "nowhere", "MaxBodyBytes": 10, "TenantAttribute": "", "RetryAfter": "later", "MaxCumulativeSeries": 0}}
            """);

        var (exit, _, stderr) = await Cli.CliRunner.RunAsync("run", "--config", file);

        Assert.Equal(2, exit);
        Assert.Contains("Otlp.HttpListen", stderr, StringComparison.Ordinal);
        Assert.Contains("Otlp.MaxBodyBytes", stderr, StringComparison.Ordinal);
        Assert.Contains("Otlp.TenantAttribute", stderr, StringComparison.Ordinal);
        Assert.Contains("Otlp.RetryAfter", stderr, StringComparison.Ordinal);
        Assert.Contains("Otlp.MaxCumulativeSeries", stderr, StringComparison.Ordinal);
        File.Delete(file);
    }

    private static ExportTraceServiceRequest Export()
    {
        var start = (ulong)TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000UL;
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(Enumerable.Range(1, 16).Select(i => (byte)i).ToArray()),
            SpanId = ByteString.CopyFrom(Enumerable.Range(1, 8).Select(i => (byte)i).ToArray()),
            Kind = Span.Types.SpanKind.Server,
            StartTimeUnixNano = start - 2_000_000_000UL,
            EndTimeUnixNano = start - 1_000_000_000UL,
            Attributes =
            {
                new KeyValue { Key = "org.id", Value = new AnyValue { StringValue = "acme" } },
                new KeyValue { Key = "gen_ai.request.model", Value = new AnyValue { StringValue = "llama" } },
                new KeyValue { Key = "gen_ai.usage.input_tokens", Value = new AnyValue { IntValue = 42 } },
            },
        };
        return new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { ScopeSpans = { new ScopeSpans { Spans = { span } } } } } };
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
