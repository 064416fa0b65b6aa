namespace Observability.Simulator;

/// <summary>
/// An immutable snapshot of what really happened in the fleet up to <see cref="AsOf"/> (the last
/// simulation step), taken under the simulator's lock so it matches a scrape made at the same time.
/// </summary>
public sealed record GroundTruth(
    DateTimeOffset AsOf,
    IReadOnlyList<TenantModelTruth> Usage,
    IReadOnlyList<GpuTruth> Gpus,
    IReadOnlyList<ModelLatencyTruth> Latency,
    IReadOnlyList<FaultRecord> Faults)
{
    public long PromptTokens(string model) => Usage.Where(u => u.Model == model).Sum(u => u.PromptTokens);

    public long GenerationTokens(string model) => Usage.Where(u => u.Model == model).Sum(u => u.GenerationTokens);

    public long Requests(string model) => Usage.Where(u => u.Model == model).Sum(u => u.Requests);

    public double GpuSeconds(string model) => Usage.Where(u => u.Model == model).Sum(u => u.GpuSeconds);

    public TenantModelTruth For(string tenant, string model) => Usage.Single(u => u.Tenant == tenant && u.Model == model);

    public ModelLatencyTruth LatencyOf(string model) => Latency.Single(l => l.Model == model);
}
