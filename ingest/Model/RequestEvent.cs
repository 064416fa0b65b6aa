namespace Observability.Ingest.Model;

/// <summary>
/// One inference request as the gateway or router saw it: the only place the tenant is known. Per-tenant SLOs and
/// the split of a shared model server's cost among its tenants are computed from these rows.
/// <para>
/// Strings are empty when unknown, token counts are null when the gateway did not report them (a failed request
/// may have no output, which is not the same as zero), and latencies are NaN when absent.
/// </para>
/// </summary>
public sealed record RequestEvent
{
    /// <summary>The tenant recorded when a request carries no tenant attribute: counted, never dropped.</summary>
    public const string UnknownTenant = "unknown";

    /// <summary>When the request started (UTC, microsecond precision).</summary>
    public required DateTime Timestamp { get; init; }

    /// <summary>A stable id (trace id and span id in hex) so that a replayed or re-sent request is recognisable.</summary>
    public required string RequestId { get; init; }

    public required string Tenant { get; init; }

    /// <summary>The model the request asked for (<c>gen_ai.request.model</c>).</summary>
    public required string Model { get; init; }

    /// <summary>The deployment (model server group) that served it, when the gateway knows.</summary>
    public string Deployment { get; init; } = string.Empty;

    /// <summary>The route or endpoint, e.g. <c>/v1/chat/completions</c>.</summary>
    public string Route { get; init; } = string.Empty;

    /// <summary><c>gen_ai.operation.name</c>, e.g. <c>chat</c>, <c>text_completion</c>, <c>embeddings</c>.</summary>
    public string Operation { get; init; } = string.Empty;

    /// <summary><c>gen_ai.provider.name</c> (older: <c>gen_ai.system</c>), e.g. <c>vllm</c>, <c>openai</c>.</summary>
    public string Provider { get; init; } = string.Empty;

    public required RequestStatus Status { get; init; }

    /// <summary><c>error.type</c> or the finish reason for a request that did not succeed; empty on success.</summary>
    public string ErrorType { get; init; } = string.Empty;

    public long? InputTokens { get; init; }

    public long? OutputTokens { get; init; }

    /// <summary>Input tokens served from the prefix cache (<c>gen_ai.usage.cache_read.input_tokens</c>).</summary>
    public long? CachedInputTokens { get; init; }

    public double TtftSeconds { get; init; } = double.NaN;

    /// <summary>Mean time between output tokens (inter-token latency, or time per output token).</summary>
    public double InterTokenSeconds { get; init; } = double.NaN;

    public double E2eSeconds { get; init; } = double.NaN;

    public double QueueSeconds { get; init; } = double.NaN;

    public string Cluster { get; init; } = string.Empty;

    public string Namespace { get; init; } = string.Empty;

    /// <summary>The serving pod, when the gateway knows which replica answered.</summary>
    public string Pod { get; init; } = string.Empty;

    public string Node { get; init; } = string.Empty;

    public string GpuUuid { get; init; } = string.Empty;
}

/// <summary>How a request ended. Stored by name, lower case.</summary>
public enum RequestStatus
{
    Success,
    Error,

    /// <summary>Refused before it ran: rate limit, quota, overload.</summary>
    Rejected,
    Timeout,
}
