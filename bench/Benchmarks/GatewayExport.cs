using Google.Protobuf;
using Observability.Collectors.Otlp.Mapping;
using Observability.Collectors.Otlp.Protocol;

namespace Observability.Benchmarks;

/// <summary>A trace export as the simulator's gateway sends it through the OpenTelemetry SDK: same resource, same span attributes.</summary>
internal static class GatewayExport
{
    private static readonly string[] Tenants = ["acme", "globex", "initech"];
    private static readonly string[] Models = ["meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Llama-3.2-3B-Instruct", "llama3-70b-trtllm"];

    public static ExportTraceServiceRequest Build(int spans)
    {
        var random = new Random(42);
        var now = UnixNanos.From(TimeProvider.System.GetUtcNow()) - 60_000_000_000UL;
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "Observability.Simulator.Gateway" } };
        for (var i = 0; i < spans; i++)
        {
            var model = Models[i % Models.Length];
            var replica = model.Split('/')[^1].ToLowerInvariant().Replace('.', '-') + "-" + (i % 2);
            var start = now + ((ulong)i * 1_000_000UL);
            var span = new Span
            {
                TraceId = ByteString.CopyFrom(RandomBytes(random, 16)),
                SpanId = ByteString.CopyFrom(RandomBytes(random, 8)),
                Name = "chat " + model,
                Kind = Span.Types.SpanKind.Server,
                StartTimeUnixNano = start,
                EndTimeUnixNano = start + (ulong)random.NextInt64(200_000_000, 5_000_000_000),
                Flags = 1,
            };
            span.Attributes.Add([
                S("tenant.id", Tenants[i % Tenants.Length]), S("gen_ai.operation.name", "chat"), S("gen_ai.provider.name", "vllm"),
                S("gen_ai.request.model", model), I("gen_ai.usage.input_tokens", random.Next(50, 4000)),
                I("gen_ai.usage.output_tokens", random.Next(1, 800)), I("gen_ai.usage.cache_read.input_tokens", random.Next(0, 500)),
                D("gen_ai.server.queue_time", random.NextDouble() * 0.1), S("http.route", "/v1/chat/completions"),
                S("deployment.name", replica[..^2]), S("k8s.cluster.name", "sim"), S("k8s.namespace.name", "inference"),
                S("k8s.pod.name", replica), S("k8s.node.name", "gpu-node-" + (i % 2)), S("gpu.uuid", "GPU-" + Guid.NewGuid()),
                D("gen_ai.response.time_to_first_chunk", random.NextDouble()), D("gen_ai.server.time_per_output_token", random.NextDouble() * 0.05),
                I("http.response.status_code", 200),
                new KeyValue { Key = "gen_ai.response.finish_reasons", Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = "stop" } } } } },
            ]);
            scope.Spans.Add(span);
        }

        var resource = new Resource();
        resource.Attributes.Add([
            S("service.name", "llm-gateway"), S("service.instance.id", "gateway-0"), S("telemetry.sdk.name", "opentelemetry"),
            S("telemetry.sdk.language", "dotnet"), S("telemetry.sdk.version", "1.20.1"), S("k8s.cluster.name", "sim"), S("k8s.namespace.name", "gateway"),
        ]);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(new ResourceSpans { Resource = resource, ScopeSpans = { scope } });
        return request;
    }

    /// <summary>OTLP JSON: protobuf's JSON mapping with ids in hex.</summary>
    public static string ToOtlpJson(ExportTraceServiceRequest request)
    {
        var json = JsonFormatter.Default.Format(request);
        foreach (var span in request.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans))
        {
            json = json.Replace($"\"{span.TraceId.ToBase64()}\"", $"\"{Convert.ToHexString(span.TraceId.Span)}\"", StringComparison.Ordinal)
                .Replace($"\"{span.SpanId.ToBase64()}\"", $"\"{Convert.ToHexString(span.SpanId.Span)}\"", StringComparison.Ordinal);
        }

        return json;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static KeyValue S(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static KeyValue I(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    private static KeyValue D(string key, double value) => new() { Key = key, Value = new AnyValue { DoubleValue = value } };
}
