namespace Observability.Simulator.Gateway;

/// <summary>
/// What the simulated gateway reported for one tenant and model: the ground truth an OTLP receiver must reproduce.
/// Token counts are those put on the spans (the engine's counts for the finished requests).
/// </summary>
public sealed record GatewayTenantTruth(
    string Tenant,
    string Model,
    long Requests,
    long Failed,
    long InputTokens,
    long OutputTokens,
    long CachedInputTokens);

/// <summary>
/// The gateway's ledger at one instant: per tenant and model what it exported, and the simulator's own
/// <see cref="GroundTruth"/> taken in the same step as the last drain, whose finished requests the spans cover.
/// </summary>
/// <param name="SpansEmitted">Spans handed to the SDK (and counted in <paramref name="Usage"/>).</param>
/// <param name="SpansNotRecorded">Requests whose span the SDK did not record (no listener); not in <paramref name="Usage"/>.</param>
/// <param name="EventsDropped">Finished requests the simulator dropped because nobody drained them in time.</param>
public sealed record GatewayTruth(IReadOnlyList<GatewayTenantTruth> Usage, GroundTruth Fleet, long SpansEmitted, long SpansNotRecorded, long EventsDropped)
{
    public long Requests(string tenant) => Usage.Where(u => u.Tenant == tenant).Sum(u => u.Requests);

    public long InputTokens(string tenant) => Usage.Where(u => u.Tenant == tenant).Sum(u => u.InputTokens);

    public long OutputTokens(string tenant) => Usage.Where(u => u.Tenant == tenant).Sum(u => u.OutputTokens);
}
