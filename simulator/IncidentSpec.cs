namespace Observability.Simulator;

/// <summary>What an <see cref="IncidentSpec"/> does to the traffic it matches.</summary>
public enum IncidentKind
{
    /// <summary>Prefill and decode of the model take <see cref="IncidentSpec.Magnitude"/> times as long (a bad rollout, a slow kernel).</summary>
    LatencyRegression,

    /// <summary>That fraction (<see cref="IncidentSpec.Magnitude"/>) of the tenant's requests fail in the engine (a bad client, a quota bug).</summary>
    TenantErrorSpike,
}

/// <summary>
/// A service-level incident planned ahead, <paramref name="After"/> the simulation start for <paramref name="Duration"/>:
/// unlike GPU faults it touches requests, not devices, and can be scoped to one model or one tenant, which is what SLO
/// alerting has to tell apart. Null <paramref name="Model"/> or <paramref name="Tenant"/> matches all.
/// </summary>
public sealed record IncidentSpec(IncidentKind Kind, TimeSpan After, TimeSpan Duration, double Magnitude, string? Model = null, string? Tenant = null)
{
    public bool ActiveAt(double secondsSinceStart) =>
        secondsSinceStart >= After.TotalSeconds && secondsSinceStart < (After + Duration).TotalSeconds;
}
