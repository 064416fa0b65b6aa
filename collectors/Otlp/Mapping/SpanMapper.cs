using Observability.Collectors.Otlp.Protocol;
using Observability.Ingest.Model;

namespace Observability.Collectors.Otlp.Mapping;

/// <summary>
/// Turns the spans of one trace export into request events.
/// <para>
/// The rule for "a gateway request": a span of kind SERVER or CLIENT that names a model
/// (<c>gen_ai.request.model</c> or <c>gen_ai.response.model</c>). Other spans are valid but ignored (counted).
/// When one export holds both a request span and a descendant that qualifies too (a gateway's SERVER span and its
/// CLIENT call to the model server, or the model server's own span), only the outermost becomes an event, so a request
/// is counted once. A span with an impossible value (negative tokens, NaN latency, ids of the wrong length, timestamps
/// before 2000 or in the future, end before start) is rejected alone; the rest of the export is kept.
/// </para>
/// </summary>
internal sealed class SpanMapper(OtlpOptions options, TimeProvider time)
{
    private readonly AttributeScanner _scanner = new(options);

    public SpanMapping Map(ExportTraceServiceRequest request)
    {
        var result = new SpanMapping();
        var latest = UnixNanos.From(time.GetUtcNow() + options.MaxFutureSkew);
        List<Candidate>? candidates = null;
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var resource = SpanFacts.Empty();
            if (resourceSpans.Resource is { } r)
            {
                _scanner.Scan(r.Attributes, ref resource);
            }

            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    result.Received++;
                    if (MapSpan(span, in resource, latest, result.Rejections, out var ignoredReason) is { } e)
                    {
                        (candidates ??= []).Add(new Candidate(e, Key(span.TraceId.Span, span.SpanId.Span), Key(span.TraceId.Span, span.ParentSpanId.Span)));
                    }
                    else if (ignoredReason is not null)
                    {
                        result.Ignore(ignoredReason);
                    }
                }
            }
        }

        if (candidates is not null)
        {
            KeepOutermost(candidates, result);
        }

        return result;
    }

    private RequestEvent? MapSpan(Span span, in SpanFacts resource, ulong latest, Rejections rejections, out string? ignored)
    {
        ignored = null;
        if (span.Kind is not (Span.Types.SpanKind.Server or Span.Types.SpanKind.Client))
        {
            ignored = "kind";
            return null;
        }

        var facts = SpanFacts.Empty();
        _scanner.Scan(span.Attributes, ref facts);
        if (facts.Model is null)
        {
            ignored = "no_model";
            return null;
        }

        if (span.TraceId.Length != 16 || span.SpanId.Length != 8)
        {
            rejections.Add("invalid_id", $"span '{span.Name}': trace id must be 16 bytes and span id 8 (got {span.TraceId.Length} and {span.SpanId.Length})");
            return null;
        }

        if (facts.Invalid is not null)
        {
            rejections.Add("invalid_value", $"span '{span.Name}': {facts.Invalid}");
            return null;
        }

        if (UnixNanos.Check(span.StartTimeUnixNano, latest) is { } badStart)
        {
            rejections.Add("invalid_timestamp", $"span '{span.Name}': start {badStart}");
            return null;
        }

        if (span.EndTimeUnixNano < span.StartTimeUnixNano || span.EndTimeUnixNano > latest)
        {
            rejections.Add("invalid_timestamp", $"span '{span.Name}': end time {span.EndTimeUnixNano} ns is before its start or in the future");
            return null;
        }

        if ((span.EndTimeUnixNano - span.StartTimeUnixNano) / 1e9 > AttributeScanner.MaxSeconds)
        {
            rejections.Add("invalid_timestamp", $"span '{span.Name}' lasts longer than a day");
            return null;
        }

        var tenant = Pick(facts.TenantRank <= resource.TenantRank ? facts.Tenant : resource.Tenant, resource.Tenant);
        var e2e = double.IsNaN(facts.E2e) ? (span.EndTimeUnixNano - span.StartTimeUnixNano) / 1e9 : facts.E2e;
        return new RequestEvent
        {
            Timestamp = UnixNanos.ToUtc(span.StartTimeUnixNano),
            RequestId = Convert.ToHexStringLower(span.TraceId.Span) + Convert.ToHexStringLower(span.SpanId.Span),
            Tenant = tenant ?? RequestEvent.UnknownTenant,
            Model = facts.Model,
            Deployment = facts.Deployment ?? facts.ServerAddress ?? string.Empty,
            Route = facts.Route ?? facts.UrlPath ?? string.Empty,
            Operation = facts.Operation ?? string.Empty,
            Provider = facts.Provider ?? facts.LegacySystem ?? resource.Provider ?? resource.LegacySystem ?? string.Empty,
            Status = facts.Status((int)(span.Status?.Code ?? Status.Types.StatusCode.Unset)),
            ErrorType = ErrorType(in facts, span),
            InputTokens = facts.Tokens(facts.InputTokens),
            OutputTokens = facts.Tokens(facts.OutputTokens),
            CachedInputTokens = facts.Tokens(facts.CachedTokens),
            TtftSeconds = facts.Ttft,
            InterTokenSeconds = facts.InterToken,
            E2eSeconds = e2e,
            QueueSeconds = facts.Queue,
            Cluster = Pick(facts.Cluster, resource.Cluster) ?? string.Empty,
            Namespace = Pick(facts.Namespace, resource.Namespace) ?? string.Empty,
            Pod = Pick(facts.Pod, resource.Pod) ?? string.Empty,
            Node = Pick(facts.Node, resource.Node) ?? string.Empty,
            GpuUuid = Pick(facts.GpuUuid, resource.GpuUuid) ?? string.Empty,
        };
    }

    private static string ErrorType(in SpanFacts facts, Span span)
    {
        if (facts.ErrorType is not null)
        {
            return facts.ErrorType;
        }

        if (facts.HttpStatus >= 400)
        {
            return facts.HttpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return span.Status?.Code == Status.Types.StatusCode.Error ? "error" : string.Empty;
    }

    private static string? Pick(string? span, string? resource) => span ?? resource;

    /// <summary>Drops events whose parent span is itself an event of this export: the request is already counted.</summary>
    private static void KeepOutermost(List<Candidate> candidates, SpanMapping result)
    {
        HashSet<(ulong, ulong, ulong)>? keys = null;
        if (candidates.Count > 1)
        {
            keys = new HashSet<(ulong, ulong, ulong)>(candidates.Count);
            foreach (var c in candidates)
            {
                keys.Add(c.Self);
            }
        }

        foreach (var c in candidates)
        {
            if (keys is not null && c.Parent.Item3 != 0 && keys.Contains(c.Parent))
            {
                result.Ignore("nested");
                continue;
            }

            result.Events.Add(c.Event);
            if (c.Event.Tenant == RequestEvent.UnknownTenant)
            {
                result.UnknownTenant++;
            }
        }
    }

    private static (ulong, ulong, ulong) Key(ReadOnlySpan<byte> traceId, ReadOnlySpan<byte> spanId) =>
        traceId.Length != 16 || spanId.Length != 8
            ? default
            : (BitConverter.ToUInt64(traceId), BitConverter.ToUInt64(traceId[8..]), BitConverter.ToUInt64(spanId));

    private readonly record struct Candidate(RequestEvent Event, (ulong, ulong, ulong) Self, (ulong, ulong, ulong) Parent);
}

/// <summary>What <see cref="SpanMapper"/> made of one export.</summary>
internal sealed class SpanMapping
{
    public int Received { get; set; }

    public List<RequestEvent> Events { get; } = [];

    public int UnknownTenant { get; set; }

    public Rejections Rejections { get; } = new();

    public Dictionary<string, int> Ignored { get; } = new(StringComparer.Ordinal);

    public void Ignore(string reason) => Ignored[reason] = Ignored.GetValueOrDefault(reason) + 1;
}
