using System.Net;
using System.Text;
using Observability.Collectors.Otlp.Mapping;
using Observability.Ingest.Model;
using Observability.Otlp.Tests.Support;

namespace Observability.Otlp.Tests;

/// <summary>OTLP/HTTP JSON, built by hand (the .NET SDK does not offer it): hex ids, both field spellings, int64 as strings.</summary>
public sealed class JsonBodyTests
{
    private static string Nanos(int secondsAgo) =>
        (UnixNanos.From(TimeProvider.System.GetUtcNow()) - ((ulong)secondsAgo * 1_000_000_000UL)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string CamelCase(string tenant, string spanId) => $$$$"""
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"gw"}},
          {"key":"k8s.cluster.name","value":{"stringValue":"prod-a"}}]},
          "scopeSpans":[{"scope":{"name":"router"},"spans":[{
            "traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"{{{{spanId}}}}","name":"chat","kind":2,
            "startTimeUnixNano":"{{{{Nanos(5)}}}}","endTimeUnixNano":"{{{{Nanos(3)}}}}",
            "status":{"code":2,"message":"upstream timed out"},
            "attributes":[
              {"key":"enduser.id","value":{"stringValue":"{{{{tenant}}}}"}},
              {"key":"gen_ai.request.model","value":{"stringValue":"llama"}},
              {"key":"gen_ai.system","value":{"stringValue":"vllm"}},
              {"key":"gen_ai.usage.prompt_tokens","value":{"intValue":"1200"}},
              {"key":"gen_ai.usage.completion_tokens","value":{"intValue":0}},
              {"key":"error.type","value":{"stringValue":"timeout"}},
              {"key":"http.route","value":{"stringValue":"/v1/chat/completions"}},
              {"key":"some.unknown","value":{"kvlistValue":{"values":[{"key":"x","value":{"boolValue":true}}]}}}],
            "someFutureField":{"ignored":true}}]}]}]}
        """;

    [Fact]
    public async Task Post_CamelCaseJsonWithLegacyNames_StoresTheRequest()
    {
        await using var h = await ReceiverHarness.StartAsync();

        using var response = await h.PostBytesAsync(h.TracesUrl, Encoding.UTF8.GetBytes(CamelCase("team-json", "EEE19B7EC3C1B174")), "application/json; charset=utf-8");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var e = Assert.Single(await h.EventsAsync());
        Assert.Equal("team-json", e.Tenant); // enduser.id is the first fallback
        Assert.Equal(("llama", "vllm", 1200L, 0L), (e.Model, e.Provider, e.InputTokens!.Value, e.OutputTokens!.Value));
        Assert.Equal(RequestStatus.Timeout, e.Status);
        Assert.Equal("timeout", e.ErrorType);
        Assert.Equal("/v1/chat/completions", e.Route);
        Assert.Equal("prod-a", e.Cluster);
        Assert.Equal("5b8efff798038103d269b633813fc60ceee19b7ec3c1b174", e.RequestId);
        Assert.Equal(2.0, e.E2eSeconds, 3);
    }

    [Fact]
    public async Task Post_EscapedStrings_ArriveUnescaped()
    {
        await using var h = await ReceiverHarness.StartAsync();

        using var response = await h.PostBytesAsync(h.TracesUrl, Encoding.UTF8.GetBytes(CamelCase("t\\u00e9am \\\"q\\\" \\\\ é", "EEE19B7EC3C1B174")), "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("téam \"q\" \\ é", Assert.Single(await h.EventsAsync()).Tenant);
    }

    [Fact]
    public async Task Post_OriginalFieldNamesAndGzip_StoresTheRequest()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var json = $$$$"""
            {"resource_spans":[{"scope_spans":[{"spans":[{
              "trace_id":"0102030405060708090a0b0c0d0e0f10","span_id":"0102030405060708","kind":3,
              "start_time_unix_nano":{{{{Nanos(2)}}}},"end_time_unix_nano":"{{{{Nanos(1)}}}}",
              "attributes":[{"key":"tenant.id","value":{"string_value":"team-snake"}},
                            {"key":"gen_ai.response.model","value":{"string_value":"mistral"}},
                            {"key":"gen_ai.usage.input_tokens","value":{"double_value":12}},
                            {"key":"http.response.status_code","value":{"int_value":"429"}}]}]}]}]}
            """;

        using var response = await h.PostBytesAsync(h.TracesUrl, Encoding.UTF8.GetBytes(json), "application/json", gzip: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var e = Assert.Single(await h.EventsAsync());
        Assert.Equal(("team-snake", "mistral", 12L, RequestStatus.Rejected, "429"), (e.Tenant, e.Model, e.InputTokens!.Value, e.Status, e.ErrorType));
        Assert.Null(e.OutputTokens);
    }

    [Fact]
    public async Task Post_JsonWithBase64Ids_IsRejectedWithAClearStatus()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var json = CamelCase("t", "7uGbfsPBsXQ=");

        using var response = await h.PostBytesAsync(h.TracesUrl, Encoding.UTF8.GetBytes(json), "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("not hex", body, StringComparison.Ordinal);
        Assert.Empty(await h.EventsAsync());
    }
}
