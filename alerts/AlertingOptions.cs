namespace Observability.Alerts;

/// <summary>How alerts are delivered.</summary>
public sealed record AlertingOptions
{
    /// <summary>How often a firing alert is sent again (receivers drop alerts not refreshed). Default 1 minute.</summary>
    public TimeSpan ResendInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long Alertmanager should consider a firing alert active without a refresh (its <c>endsAt</c>): several
    /// resend intervals, as Prometheus does, so one missed send does not resolve it. Default 5 minutes.
    /// </summary>
    public TimeSpan ActiveValidity { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Time allowed for one delivery to one receiver. Default 10 s.</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
