namespace Observability.RemoteWrite;

/// <summary>How to answer a remote_write request: the status (204 when accepted), a reason for the sender's log, and a retry hint when saturated.</summary>
public readonly record struct RemoteWriteResponse(int Status, string? Message = null, TimeSpan? RetryAfter = null)
{
    public static RemoteWriteResponse Accepted { get; } = new(204);

    public bool IsSuccess => Status is >= 200 and < 300;
}
