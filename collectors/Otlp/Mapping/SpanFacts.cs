using Observability.Ingest.Model;

namespace Observability.Collectors.Otlp.Mapping;

/// <summary>What one pass over a span's (or resource's) attributes found. Unset strings are null, numbers NaN.</summary>
internal struct SpanFacts
{
    public string? RequestModel;
    public string? ResponseModel;
    public string? Operation;
    public string? Provider;
    public string? LegacySystem;
    public string? Deployment;
    public string? ServerAddress;
    public string? Route;
    public string? UrlPath;
    public string? ErrorType;
    public long HttpStatus;
    public string? Tenant;
    public int TenantRank; // index of the tenant key that matched; lower wins
    public string? Cluster;
    public string? Namespace;
    public string? Pod;
    public string? Node;
    public string? GpuUuid;
    public string? ServiceName;
    public double InputTokens;
    public double OutputTokens;
    public double CachedTokens;
    public double Ttft;
    public double InterToken;
    public double E2e;
    public double Queue;

    /// <summary>The first attribute that held an impossible value, and why.</summary>
    public string? Invalid;

    public static SpanFacts Empty() => new()
    {
        TenantRank = int.MaxValue,
        InputTokens = double.NaN,
        OutputTokens = double.NaN,
        CachedTokens = double.NaN,
        Ttft = double.NaN,
        InterToken = double.NaN,
        E2e = double.NaN,
        Queue = double.NaN,
    };

    public readonly string? Model => RequestModel ?? ResponseModel;

    public readonly long? Tokens(double value) => double.IsNaN(value) ? null : (long)value;

    public readonly RequestStatus Status(int spanStatusCode)
    {
        var failed = spanStatusCode == 2 || ErrorType is not null || HttpStatus >= 400;
        if (!failed)
        {
            return RequestStatus.Success;
        }

        if (HttpStatus == 429 || IsRejection(ErrorType))
        {
            return RequestStatus.Rejected;
        }

        return HttpStatus is 408 or 504 || IsTimeout(ErrorType) ? RequestStatus.Timeout : RequestStatus.Error;
    }

    private static bool IsRejection(string? errorType) => errorType is not null &&
        (errorType.Equals("rejected", StringComparison.OrdinalIgnoreCase) ||
         errorType.Contains("rate_limit", StringComparison.OrdinalIgnoreCase) ||
         errorType.Contains("quota", StringComparison.OrdinalIgnoreCase) ||
         errorType.Contains("overload", StringComparison.OrdinalIgnoreCase) ||
         errorType.Equals("429", StringComparison.Ordinal));

    private static bool IsTimeout(string? errorType) => errorType is not null &&
        (errorType.Contains("timeout", StringComparison.OrdinalIgnoreCase) ||
         errorType.Contains("deadline", StringComparison.OrdinalIgnoreCase) ||
         errorType.Equals("504", StringComparison.Ordinal) || errorType.Equals("408", StringComparison.Ordinal));
}
