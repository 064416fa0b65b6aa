using Google.Protobuf;
using Observability.Collectors.Otlp;
using Observability.Collectors.Otlp.Mapping;
using Observability.Collectors.Otlp.Protocol;
using Observability.Ingest.Model;
using static Observability.Otlp.Tests.Support.Spans;

namespace Observability.Otlp.Tests;

/// <summary>Which spans become request events, and how their attributes map.</summary>
public sealed class SpanMapperTests
{
    private static SpanMapping Map(OtlpOptions options, params Span[] spans) => new SpanMapper(options, TimeProvider.System).Map(Export(spans));

    private static SpanMapping Map(params Span[] spans) => Map(new OtlpOptions(), spans);

    [Fact]
    public void Map_SpanKindsAndModel_OnlyServerAndClientSpansNamingAModelBecomeEvents()
    {
        var internalSpan = Request("t", "m", 1, 1);
        internalSpan.Kind = Span.Types.SpanKind.Internal;
        var noModel = Request("t", "m", 1, 1);
        noModel.Attributes.Remove(noModel.Attributes.Single(a => a.Key == "gen_ai.request.model"));
        var client = Request("t", "m", 1, 1);
        client.Kind = Span.Types.SpanKind.Client;

        var mapping = Map(internalSpan, noModel, client, Request("t", "m", 1, 1));

        Assert.Equal(2, mapping.Events.Count);
        Assert.Equal(1, mapping.Ignored["kind"]);
        Assert.Equal(1, mapping.Ignored["no_model"]);
    }

    [Fact]
    public void Map_GatewaySpanAndItsCallToTheModelServer_CountsTheRequestOnce()
    {
        var gateway = Request("t", "m", 10, 20);
        var call = Request("t", "m", 10, 20);
        call.Kind = Span.Types.SpanKind.Client;
        call.TraceId = gateway.TraceId;
        call.ParentSpanId = gateway.SpanId;

        var mapping = Map(gateway, call);

        var e = Assert.Single(mapping.Events);
        Assert.EndsWith(Convert.ToHexStringLower(gateway.SpanId.Span), e.RequestId, StringComparison.Ordinal);
        Assert.Equal(1, mapping.Ignored["nested"]);
    }

    [Fact]
    public void Map_TenantKeys_ConfiguredKeyThenFallbacksInOrder_SpanBeforeResource_HeaderArraysAllowed()
    {
        var options = new OtlpOptions { TenantAttribute = "org.id", TenantFallbacks = ["enduser.id", "http.request.header.x-tenant"] };
        var header = new KeyValue { Key = "http.request.header.x-tenant", Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = "from-header" } } } } };
        var byHeader = Request("ignored", "m", 1, 1, header);
        var byBoth = Request("ignored", "m", 1, 1, header, Attr("enduser.id", "from-enduser"));
        var byKey = Request("ignored", "m", 1, 1, Attr("enduser.id", "from-enduser"), Attr("org.id", "from-key"));
        var none = Request("ignored", "m", 1, 1);

        var mapping = Map(options, byHeader, byBoth, byKey, none);

        Assert.Equal(["from-header", "from-enduser", "from-key", RequestEvent.UnknownTenant], mapping.Events.Select(e => e.Tenant));
        Assert.Equal(1, mapping.UnknownTenant);
    }

    [Fact]
    public void Map_TenantOnTheResource_AppliesToSpansWithoutOne()
    {
        var request = Export(Request("ignored", "m", 1, 1));
        request.ResourceSpans[0].ScopeSpans[0].Spans[0].Attributes.Remove(request.ResourceSpans[0].ScopeSpans[0].Spans[0].Attributes.Single(a => a.Key == "tenant.id"));
        request.ResourceSpans[0].Resource.Attributes.Add(Attr("tenant.id", "resource-tenant"));

        var mapping = new SpanMapper(new OtlpOptions(), TimeProvider.System).Map(request);

        Assert.Equal("resource-tenant", Assert.Single(mapping.Events).Tenant);
    }

    [Theory]
    [InlineData(0, null, 0L, RequestStatus.Success, "")]
    [InlineData(2, null, 0L, RequestStatus.Error, "error")]
    [InlineData(0, "rate_limit_exceeded", 0L, RequestStatus.Rejected, "rate_limit_exceeded")]
    [InlineData(2, null, 429L, RequestStatus.Rejected, "429")]
    [InlineData(2, "deadline_exceeded", 0L, RequestStatus.Timeout, "deadline_exceeded")]
    [InlineData(0, null, 504L, RequestStatus.Timeout, "504")]
    [InlineData(0, null, 500L, RequestStatus.Error, "500")]
    public void Map_StatusAndErrorAttributes_GiveTheRequestStatus(int code, string? errorType, long http, RequestStatus expected, string expectedType)
    {
        var span = Request("t", "m", 1, 1);
        span.Status = new Status { Code = (Status.Types.StatusCode)code };
        if (errorType is not null)
        {
            span.Attributes.Add(Attr("error.type", errorType));
        }

        if (http != 0)
        {
            span.Attributes.Add(Attr("http.response.status_code", http));
        }

        var e = Assert.Single(Map(span).Events);

        Assert.Equal((expected, expectedType), (e.Status, e.ErrorType));
    }

    [Fact]
    public void Map_CurrentAndDeprecatedNames_CurrentWinsWhateverTheOrder_VllmLatenciesRead()
    {
        var span = Request("t", "m", 1, 1);
        span.Attributes.Clear();
        span.Attributes.Add([
            Attr("gen_ai.usage.completion_tokens", 99L), Attr("gen_ai.usage.output_tokens", 5L), Attr("gen_ai.usage.prompt_tokens", 7L),
            Attr("gen_ai.response.model", "resp"), Attr("gen_ai.request.model", "req"), Attr("gen_ai.system", "old"),
            Attr("gen_ai.latency.time_in_queue", 0.5), Attr("gen_ai.latency.time_to_first_token", 0.7), Attr("gen_ai.latency.e2e", 9.0),
            Attr("gen_ai.server.time_per_output_token", 0.03), Attr("k8s.pod.name", "vllm-0"), Attr("gpu.uuid", "GPU-1"), Attr("deployment.name", "llama-pool")]);

        var e = Assert.Single(Map(span).Events);

        Assert.Equal((5L, 7L, "req", "old"), (e.OutputTokens!.Value, e.InputTokens!.Value, e.Model, e.Provider));
        Assert.Equal((0.5, 0.7, 9.0, 0.03), (e.QueueSeconds, e.TtftSeconds, e.E2eSeconds, e.InterTokenSeconds));
        Assert.Equal(("vllm-0", "GPU-1", "llama-pool"), (e.Pod, e.GpuUuid, e.Deployment));
    }

    [Fact]
    public void Map_ZeroLengthIds_RejectsTheSpan()
    {
        var span = Request("t", "m", 1, 1);
        span.TraceId = ByteString.Empty;

        var mapping = Map(span);

        Assert.Empty(mapping.Events);
        Assert.Equal(1, mapping.Rejections.ByReason["invalid_id"]);
    }
}
