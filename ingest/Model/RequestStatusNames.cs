namespace Observability.Ingest.Model;

/// <summary>The stored spelling of <see cref="RequestStatus"/>: lower-case names, the same in every store.</summary>
public static class RequestStatusNames
{
    public static string Of(RequestStatus status) => status switch
    {
        RequestStatus.Success => "success",
        RequestStatus.Error => "error",
        RequestStatus.Rejected => "rejected",
        RequestStatus.Timeout => "timeout",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown request status"),
    };

    public static RequestStatus Parse(string name) => name switch
    {
        "success" => RequestStatus.Success,
        "error" => RequestStatus.Error,
        "rejected" => RequestStatus.Rejected,
        "timeout" => RequestStatus.Timeout,
        _ => throw new FormatException($"unknown request status '{name}'"),
    };
}
