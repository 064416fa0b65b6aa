using Observability.Collectors.Serving;
using Observability.Ingest.Model;
using static Observability.Collectors.Serving.ServingRule;
using H = Observability.Ingest.Model.ServingHistogramNames;

namespace Observability.Collectors.Triton;

/// <summary>Triton's per-model families and the TensorRT-LLM backend's <c>nv_trt_llm_*</c>/<c>nv_llm_*</c> families.</summary>
internal static class TritonRules
{
    public static IReadOnlyList<ServingRule> All { get; } =
    [
        Counter("nv_inference_request_success", ServingField.RequestsSucceeded),
        new("nv_inference_request_failure", ServingRuleKind.Counter)
        {
            CategoryLabel = "reason",
            Categories = new Dictionary<string, ServingTarget>
            {
                ["REJECTED"] = new(ServingField.FailedRejected, ServingField.RequestsFailed),
                ["CANCELED"] = new(ServingField.FailedCanceled, ServingField.RequestsFailed),
                ["BACKEND"] = new(ServingField.FailedBackend, ServingField.RequestsFailed),
            },
            // Older Triton has no reason label at all: every failure is "other".
            OtherCategory = new(ServingField.FailedOther, ServingField.RequestsFailed),
        },
        Counter("nv_inference_count", ServingField.InferenceCount),
        Counter("nv_inference_exec_count", ServingField.ExecutionCount),
        Counter("nv_inference_request_duration_us", ServingField.RequestDurationUs),
        Counter("nv_inference_queue_duration_us", ServingField.QueueDurationUs),
        Counter("nv_inference_compute_infer_duration_us", ServingField.ComputeInferDurationUs),
        Gauge("nv_inference_pending_request_count", ServingField.PendingRequests),
        Hist("nv_inference_first_response_histogram_ms", H.TimeToFirstToken, scale: 0.001),
        new("nv_trt_llm_request_metrics", ServingRuleKind.Gauge)
        {
            CategoryLabel = "request_type",
            Categories = new Dictionary<string, ServingTarget>
            {
                ["active"] = new(ServingField.RequestsRunning),
                ["waiting"] = new(ServingField.RequestsWaiting),
            },
        },
        new("nv_trt_llm_kv_cache_block_metrics", ServingRuleKind.Gauge)
        {
            CategoryLabel = "kv_cache_block_type",
            Categories = new Dictionary<string, ServingTarget> { ["fraction"] = new(ServingField.KvCacheUsage) },
        },
        Hist("nv_llm_input_token_len", H.PromptTokens) with { SumField = ServingField.PromptTokens },
        Hist("nv_llm_output_token_len", H.GenerationTokens) with { SumField = ServingField.GenerationTokens },
    ];
}
