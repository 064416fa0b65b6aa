namespace Observability.Simulator;

/// <summary>
/// One finished request, as a span exporter would describe it. /metrics never shows the tenant;
/// this does, so per-request telemetry (e.g. OTLP spans) can be generated from the same run.
/// </summary>
/// <param name="Id">Sequence number, unique in the run.</param>
/// <param name="Tenant">Tenant the request belongs to.</param>
/// <param name="Model">Model name.</param>
/// <param name="Replica">Replica that served it.</param>
/// <param name="Node">Node of that replica.</param>
/// <param name="Arrival">Simulated arrival time.</param>
/// <param name="QueueSeconds">Waiting time before admission (until the failure, if never admitted).</param>
/// <param name="TimeToFirstTokenSeconds">Arrival to first token; null if it failed before one.</param>
/// <param name="EndToEndSeconds">Arrival to finish.</param>
/// <param name="PromptTokens">Prompt length.</param>
/// <param name="GenerationTokens">Tokens generated.</param>
/// <param name="Status">Succeeded or failed.</param>
/// <param name="FinishReason">stop, length, abort, error or rejected.</param>
/// <param name="CachedPromptTokens">Of the prompt, tokens served from the prefix cache (0 if it failed before its first token).</param>
public sealed record RequestEvent(
    long Id,
    string Tenant,
    string Model,
    string Replica,
    string Node,
    DateTimeOffset Arrival,
    double QueueSeconds,
    double? TimeToFirstTokenSeconds,
    double EndToEndSeconds,
    int PromptTokens,
    int GenerationTokens,
    RequestStatus Status,
    string FinishReason,
    int CachedPromptTokens = 0);
