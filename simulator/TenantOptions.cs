namespace Observability.Simulator;

/// <summary>
/// A tenant and its share of each model's traffic. A request to model M belongs to tenant T with
/// probability weight(T, M) / sum over tenants of weight(·, M); /metrics never shows the tenant,
/// only the ground truth does.
/// </summary>
public sealed record TenantOptions
{
    /// <summary>Tenant name. Required, unique.</summary>
    public string Name { get; init; } = "";

    /// <summary>Relative weight per model name; a model not listed gets no traffic from this tenant.</summary>
    public IReadOnlyDictionary<string, double> ModelWeights { get; init; } = new Dictionary<string, double>();
}
