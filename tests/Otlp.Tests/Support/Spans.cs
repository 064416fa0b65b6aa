using Google.Protobuf;
using Observability.Collectors.Otlp.Mapping;
using Observability.Collectors.Otlp.Protocol;

namespace Observability.Otlp.Tests.Support;

/// <summary>Builders for OTLP trace exports shaped like a gateway's.</summary>
internal static class Spans
{
    private static long _next = 1;

    public static KeyValue Attr(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static KeyValue Attr(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    public static KeyValue Attr(string key, double value) => new() { Key = key, Value = new AnyValue { DoubleValue = value } };

    /// <summary>A SERVER span of a chat request that started one second ago and lasted 2 s.</summary>
    public static Span Request(string tenant, string model, long input, long output, params KeyValue[] extra)
    {
        var id = Interlocked.Increment(ref _next);
        var start = UnixNanos.From(TimeProvider.System.GetUtcNow()) - 3_000_000_000UL;
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(Id(id, 16)),
            SpanId = ByteString.CopyFrom(Id(id, 8)),
            Name = "chat " + model,
            Kind = Span.Types.SpanKind.Server,
            StartTimeUnixNano = start,
            EndTimeUnixNano = start + 2_000_000_000UL,
        };
        span.Attributes.Add(Attr("tenant.id", tenant));
        span.Attributes.Add(Attr("gen_ai.request.model", model));
        span.Attributes.Add(Attr("gen_ai.operation.name", "chat"));
        span.Attributes.Add(Attr("gen_ai.usage.input_tokens", input));
        span.Attributes.Add(Attr("gen_ai.usage.output_tokens", output));
        span.Attributes.Add(extra);
        return span;
    }

    public static ExportTraceServiceRequest Export(params Span[] spans)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "gateway" } };
        scope.Spans.Add(spans);
        var resource = new ResourceSpans { Resource = new Resource() };
        resource.Resource.Attributes.Add(Attr("service.name", "gateway"));
        resource.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resource);
        return request;
    }

    private static byte[] Id(long n, int length)
    {
        var bytes = new byte[length];
        BitConverter.TryWriteBytes(bytes.AsSpan(length - 8), n);
        bytes[0] = 0xAB; // never all zeros
        return bytes;
    }
}
