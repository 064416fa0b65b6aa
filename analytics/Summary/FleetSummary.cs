namespace Observability.Analytics.Summary;

/// <summary>What the fleet did over a period: the table <c>obs demo</c> ends with.</summary>
public sealed record FleetSummary(
    DateTime From,
    DateTime To,
    int GpusSeen,
    double MeanGpuUtilPct,
    int TargetsUp,
    int TargetsDown,
    IReadOnlyList<ModelSummary> Models);

/// <summary>One model's serving over the period. Latencies in seconds; NaN when not reported.</summary>
public sealed record ModelSummary(
    string Model,
    string Source,
    double PromptTokens,
    double GenerationTokens,
    double RequestsSucceeded,
    double RequestsFailed,
    double P95TimeToFirstTokenSeconds);
