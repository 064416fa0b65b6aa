namespace Observability.Simulator.Implementation;

/// <summary>A served model at run time: its options, tenant mix and replicas.</summary>
internal sealed class SimModel
{
    private readonly double[] tenantCdf;

    public SimModel(int index, ModelOptions options, IReadOnlyList<TenantOptions> tenants)
    {
        Index = index;
        Options = options;
        Slug = ToSlug(options.Name);
        TokenLayout = HistogramLayout.VllmTokenCounts(options.MaxModelLength);
        tenantCdf = new double[tenants.Count];
        var total = 0.0;
        for (var t = 0; t < tenants.Count; t++)
        {
            total += tenants[t].ModelWeights.TryGetValue(options.Name, out var w) && w > 0 ? w : 0;
            tenantCdf[t] = total;
        }

        for (var t = 0; t < tenantCdf.Length; t++)
        {
            tenantCdf[t] /= total;
        }
    }

    public int Index { get; }

    public ModelOptions Options { get; }

    public string Name => Options.Name;

    public ServingEngine Engine => Options.Engine;

    public bool IsTrtLlm => Options.Engine == ServingEngine.Triton && Options.TensorRtLlm;

    /// <summary>Lower-case, dash-separated name used in replica names, routes and pod names.</summary>
    public string Slug { get; }

    public HistogramLayout TokenLayout { get; }

    public List<SimReplica> Replicas { get; } = [];

    /// <summary>State of the model's slow load noise (see <see cref="LoadCurve"/>).</summary>
    public double NoiseState;

    /// <summary>The tenant a request belongs to, drawn by the tenants' weights for this model.</summary>
    public int PickTenant(double uniform)
    {
        for (var t = 0; t < tenantCdf.Length; t++)
        {
            if (uniform < tenantCdf[t])
            {
                return t;
            }
        }

        return Array.FindLastIndex(tenantCdf, c => c > 0);
    }

    public static string ToSlug(string name)
    {
        var shortName = name[(name.LastIndexOf('/') + 1)..];
        var chars = shortName.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray();
        return new string(chars).Trim('-');
    }
}
