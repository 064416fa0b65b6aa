namespace Observability.Ingest.Model;

/// <summary>
/// The increase of one latency or size histogram between two scrapes, with the bucket bounds the
/// server declared (never assumed). <see cref="BucketCounts"/> are per-bucket (not cumulative)
/// increases, one per bound in <see cref="UpperBounds"/>; the last bound is +Inf.
/// Time-based metrics are converted to seconds, so <see cref="Metric"/> names carry their unit.
/// </summary>
public sealed record ServingHistogram(
    DateTime Timestamp,
    string Target,
    ServingIdentity Server,
    string Metric,
    double[] UpperBounds,
    double[] BucketCounts,
    double Count,
    double Sum);

/// <summary>Canonical histogram names shared by all serving sources.</summary>
public static class ServingHistogramNames
{
    public const string TimeToFirstToken = "ttft_seconds";
    public const string InterToken = "inter_token_seconds";
    public const string EndToEnd = "e2e_seconds";
    public const string Queue = "queue_seconds";
    public const string Prefill = "prefill_seconds";
    public const string Decode = "decode_seconds";
    public const string Inference = "inference_seconds";
    public const string PromptTokens = "prompt_tokens";
    public const string GenerationTokens = "generation_tokens";
}
