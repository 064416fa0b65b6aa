namespace Observability.Ingest.Model;

/// <summary>Describes a <see cref="ServingField"/>: its store column and whether it is a gauge or a counter increase.</summary>
public sealed record ServingFieldInfo(ServingField Field, string Column, MetricKind Kind, string Description);

/// <summary>The single table from which mappers and stores derive the serving row's columns.</summary>
public static class ServingFieldCatalog
{
    public static readonly IReadOnlyList<ServingFieldInfo> All =
    [
        new(ServingField.RequestsRunning, "requests_running", MetricKind.Gauge, "requests being processed"),
        new(ServingField.RequestsWaiting, "requests_waiting", MetricKind.Gauge, "requests queued"),
        new(ServingField.KvCacheUsage, "kv_cache_usage", MetricKind.Gauge, "KV-cache usage, 0..1"),
        new(ServingField.PromptTokens, "prompt_tokens", MetricKind.Increase, "prefill (input) tokens"),
        new(ServingField.GenerationTokens, "generation_tokens", MetricKind.Increase, "decode (output) tokens"),
        new(ServingField.CachedPromptTokens, "cached_prompt_tokens", MetricKind.Increase, "prompt tokens served from a prefix cache"),
        new(ServingField.RequestsSucceeded, "requests_succeeded", MetricKind.Increase, "requests finished successfully"),
        new(ServingField.RequestsFailed, "requests_failed", MetricKind.Increase, "requests that failed, were rejected or aborted"),
        new(ServingField.FinishedStop, "finished_stop", MetricKind.Increase, "vLLM finished_reason=stop"),
        new(ServingField.FinishedLength, "finished_length", MetricKind.Increase, "vLLM finished_reason=length"),
        new(ServingField.FinishedAbort, "finished_abort", MetricKind.Increase, "vLLM finished_reason=abort"),
        new(ServingField.FinishedError, "finished_error", MetricKind.Increase, "vLLM finished_reason=error"),
        new(ServingField.FinishedOther, "finished_other", MetricKind.Increase, "vLLM other finished reasons (e.g. repetition)"),
        new(ServingField.FailedRejected, "failed_rejected", MetricKind.Increase, "Triton failure reason=REJECTED"),
        new(ServingField.FailedCanceled, "failed_canceled", MetricKind.Increase, "Triton failure reason=CANCELED"),
        new(ServingField.FailedBackend, "failed_backend", MetricKind.Increase, "Triton failure reason=BACKEND"),
        new(ServingField.FailedOther, "failed_other", MetricKind.Increase, "Triton failure reason=OTHER or none"),
        new(ServingField.Preemptions, "preemptions", MetricKind.Increase, "scheduler preemptions"),
        new(ServingField.PrefixCacheQueries, "prefix_cache_queries", MetricKind.Increase, "prefix-cache queries (tokens)"),
        new(ServingField.PrefixCacheHits, "prefix_cache_hits", MetricKind.Increase, "prefix-cache hits (tokens)"),
        new(ServingField.InferenceCount, "inference_count", MetricKind.Increase, "Triton inferences (batch items)"),
        new(ServingField.ExecutionCount, "execution_count", MetricKind.Increase, "Triton model executions"),
        new(ServingField.RequestDurationUs, "request_duration_us", MetricKind.Increase, "Triton cumulative request time"),
        new(ServingField.QueueDurationUs, "queue_duration_us", MetricKind.Increase, "Triton cumulative queue time"),
        new(ServingField.ComputeInferDurationUs, "compute_infer_duration_us", MetricKind.Increase, "Triton cumulative inference compute time"),
        new(ServingField.PendingRequests, "pending_requests", MetricKind.Gauge, "Triton pending requests"),
    ];

    public static int Count => All.Count;

    public static ServingFieldInfo Get(ServingField field) => All[(int)field];
}
