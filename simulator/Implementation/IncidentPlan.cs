namespace Observability.Simulator.Implementation;

/// <summary>
/// The scheduled incidents, asked per admitted request. With none scheduled it answers 0 and 1 without drawing
/// random numbers, so runs without incidents are exactly what they were before incidents existed.
/// </summary>
internal sealed class IncidentPlan(IReadOnlyList<IncidentSpec> incidents, TruthLedger truth)
{
    /// <summary>The share of the tenant's requests to the model that fail at <paramref name="seconds"/> since the start.</summary>
    public double ErrorRate(string model, int tenant, double seconds)
    {
        var rate = 0.0;
        foreach (var i in incidents)
        {
            if (i.Kind == IncidentKind.TenantErrorSpike && i.ActiveAt(seconds) && (i.Model is null || i.Model == model) &&
                (i.Tenant is null || i.Tenant == truth.TenantName(tenant)))
            {
                rate = Math.Max(rate, i.Magnitude);
            }
        }

        return rate;
    }

    /// <summary>How many times slower than normal the model's prefill and decode run.</summary>
    public double Slowdown(string model, double seconds)
    {
        var factor = 1.0;
        foreach (var i in incidents)
        {
            if (i.Kind == IncidentKind.LatencyRegression && i.ActiveAt(seconds) && (i.Model is null || i.Model == model))
            {
                factor *= i.Magnitude;
            }
        }

        return factor;
    }
}
