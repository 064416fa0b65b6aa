namespace Observability.Collectors.Otlp;

/// <summary>
/// The OTLP receiver's settings (config section <c>Otlp</c>; the section's presence turns the receiver on). Defaults
/// follow the OTLP specification's ports, on loopback.
/// </summary>
public sealed record OtlpOptions
{
    /// <summary>OTLP/HTTP listener (HTTP/1.1 and HTTP/2): <c>POST /v1/traces</c>, <c>POST /v1/metrics</c>. Port 0 picks a free one.</summary>
    public Uri HttpListen { get; init; } = new("http://127.0.0.1:4318");

    /// <summary>OTLP/gRPC listener (HTTP/2 cleartext). Null turns gRPC off.</summary>
    public Uri? GrpcListen { get; init; } = new("http://127.0.0.1:4317");

    /// <summary>Largest request body accepted, compressed or not (a gzip body is also bounded after inflating).</summary>
    public long MaxBodyBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>The span, then resource, attribute that names the tenant.</summary>
    public string TenantAttribute { get; init; } = "tenant.id";

    /// <summary>Tried in order when <see cref="TenantAttribute"/> is absent; header attributes may be string arrays (the first element counts).</summary>
    public IReadOnlyList<string> TenantFallbacks { get; init; } = ["enduser.id", "http.request.header.x-tenant-id"];

    /// <summary>How long a client is told to wait (<c>Retry-After</c>, gRPC RetryInfo) when the writer is full.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Items stamped further ahead of the receiver's clock than this are rejected as absurd.</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Cumulative series whose last point is remembered for increases; past it the oldest state is forgotten (counted).</summary>
    public int MaxCumulativeSeries { get; init; } = 100_000;
}
