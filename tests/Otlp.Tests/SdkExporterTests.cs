using System.Diagnostics;
using Observability.Ingest.Model;
using Observability.Otlp.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Observability.Otlp.Tests;

/// <summary>The OpenTelemetry .NET SDK's own OTLP exporter, over HTTP/protobuf and gRPC, reaches the receiver and the store.</summary>
public sealed class SdkExporterTests
{
    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    [InlineData(OtlpExportProtocol.Grpc)]
    public async Task Export_GatewaySpans_LandInTheStoreWithTenantsAndTokens(OtlpExportProtocol protocol)
    {
        await using var h = await ReceiverHarness.StartAsync();
        var sourceName = "gateway-test-" + Guid.NewGuid().ToString("N");
        using var source = new ActivitySource(sourceName);
        var endpoint = protocol == OtlpExportProtocol.Grpc ? h.Receiver.GrpcAddress! : h.TracesUrl;
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(sourceName)
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("llm-gateway").AddAttributes([new("k8s.namespace.name", "gateway-ns")]))
            .AddOtlpExporter(o =>
            {
                o.Endpoint = endpoint;
                o.Protocol = protocol;
            })
            .Build())
        {
            Request(source, "team-a", "llama-3-8b", 100, 20, cached: 40);
            Request(source, "team-a", "llama-3-8b", 50, 5);
            Request(source, "team-b", "mistral-7b", 7, 3);
            Request(source, tenant: null, "mistral-7b", 1, 1);
            using (var internalWork = source.StartActivity("tokenize", ActivityKind.Internal))
            {
                internalWork?.SetTag("gen_ai.request.model", "llama-3-8b"); // INTERNAL: not a gateway request
            }

            Assert.True(provider.ForceFlush(30_000));
        }

        await ReceiverHarness.WaitUntilAsync(() => h.Metrics.ReceivedSpans >= 5);

        var events = await h.EventsAsync();
        Assert.Equal(4, events.Count);
        var a = events.Where(e => e.Tenant == "team-a").ToList();
        Assert.Equal([150L, 25L, 40L], [a.Sum(e => e.InputTokens!.Value), a.Sum(e => e.OutputTokens!.Value), a.Sum(e => e.CachedInputTokens ?? 0)]);
        var b = Assert.Single(events, e => e.Tenant == "team-b");
        Assert.Equal(("mistral-7b", 7L, 3L, "chat", "vllm"), (b.Model, b.InputTokens!.Value, b.OutputTokens!.Value, b.Operation, b.Provider));
        Assert.Equal("gateway-ns", b.Namespace);
        Assert.Equal(RequestStatus.Success, b.Status);
        Assert.Equal(0.125, b.TtftSeconds);
        Assert.InRange(b.E2eSeconds, 0, 60);
        Assert.Equal(48, b.RequestId.Length);
        Assert.Single(events, e => e.Tenant == RequestEvent.UnknownTenant);
        Assert.Equal(1, h.Metrics.UnknownTenantRequests);
        Assert.Equal(4, h.Metrics.MappedSpans);
    }

    private static void Request(ActivitySource source, string? tenant, string model, long input, long output, long? cached = null)
    {
        using var activity = source.StartActivity("chat " + model, ActivityKind.Server);
        Assert.NotNull(activity);
        if (tenant is not null)
        {
            activity.SetTag("tenant.id", tenant);
        }

        activity.SetTag("gen_ai.operation.name", "chat");
        activity.SetTag("gen_ai.provider.name", "vllm");
        activity.SetTag("gen_ai.request.model", model);
        activity.SetTag("gen_ai.usage.input_tokens", input);
        activity.SetTag("gen_ai.usage.output_tokens", output);
        activity.SetTag("gen_ai.response.time_to_first_chunk", 0.125);
        if (cached is not null)
        {
            activity.SetTag("gen_ai.usage.cache_read.input_tokens", cached.Value);
        }
    }
}
