namespace Observability.Simulator;

/// <summary>True latency distributions of one model across its replicas.</summary>
/// <param name="Model">Model name.</param>
/// <param name="TimeToFirstToken">Arrival to first token, for every request that got one.</param>
/// <param name="InterTokenLatency">Gap between consecutive tokens, one observation per token after the first.</param>
/// <param name="EndToEnd">Arrival to finish, for every finished request.</param>
/// <param name="QueueTime">Arrival to admission into the running batch, for every admitted request.</param>
public sealed record ModelLatencyTruth(
    string Model,
    LatencyDistribution TimeToFirstToken,
    LatencyDistribution InterTokenLatency,
    LatencyDistribution EndToEnd,
    LatencyDistribution QueueTime);
