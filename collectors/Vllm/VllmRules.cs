using Observability.Collectors.Serving;
using Observability.Ingest.Model;
using static Observability.Collectors.Serving.ServingRule;
using H = Observability.Ingest.Model.ServingHistogramNames;

namespace Observability.Collectors.Vllm;

/// <summary>
/// vLLM's families (V1 names, plus the renamed older ones marked deprecated so a server exposing
/// both is not counted twice). Families not listed here are unmapped.
/// </summary>
internal static class VllmRules
{
    public static IReadOnlyList<ServingRule> All { get; } =
    [
        Gauge("vllm:num_requests_running", ServingField.RequestsRunning),
        Gauge("vllm:num_requests_waiting", ServingField.RequestsWaiting),
        Gauge("vllm:kv_cache_usage_perc", ServingField.KvCacheUsage),
        Gauge("vllm:gpu_cache_usage_perc", ServingField.KvCacheUsage) with { Deprecated = true },
        Counter("vllm:prompt_tokens_total", ServingField.PromptTokens),
        Counter("vllm:generation_tokens_total", ServingField.GenerationTokens),
        Counter("vllm:prompt_tokens_cached_total", ServingField.CachedPromptTokens),
        Counter("vllm:num_preemptions_total", ServingField.Preemptions),
        Counter("vllm:prefix_cache_queries_total", ServingField.PrefixCacheQueries),
        Counter("vllm:prefix_cache_hits_total", ServingField.PrefixCacheHits),
        Counter("vllm:gpu_prefix_cache_queries_total", ServingField.PrefixCacheQueries) with { Deprecated = true },
        Counter("vllm:gpu_prefix_cache_hits_total", ServingField.PrefixCacheHits) with { Deprecated = true },
        new("vllm:request_success_total", ServingRuleKind.Counter)
        {
            // "Success" in vLLM means "finished"; abort and error are failures for an SLO.
            CategoryLabel = "finished_reason",
            Categories = new Dictionary<string, ServingTarget>
            {
                ["stop"] = new(ServingField.FinishedStop, ServingField.RequestsSucceeded),
                ["length"] = new(ServingField.FinishedLength, ServingField.RequestsSucceeded),
                ["abort"] = new(ServingField.FinishedAbort, ServingField.RequestsFailed),
                ["error"] = new(ServingField.FinishedError, ServingField.RequestsFailed),
            },
            OtherCategory = new(ServingField.FinishedOther, ServingField.RequestsSucceeded),
        },
        Hist("vllm:time_to_first_token_seconds", H.TimeToFirstToken),
        Hist("vllm:inter_token_latency_seconds", H.InterToken),
        Hist("vllm:time_per_output_token_seconds", H.InterToken) with { Deprecated = true },
        Hist("vllm:e2e_request_latency_seconds", H.EndToEnd),
        Hist("vllm:request_queue_time_seconds", H.Queue),
        Hist("vllm:request_prefill_time_seconds", H.Prefill),
        Hist("vllm:request_decode_time_seconds", H.Decode),
        Hist("vllm:request_inference_time_seconds", H.Inference),
        Hist("vllm:request_prompt_tokens", H.PromptTokens),
        Hist("vllm:request_generation_tokens", H.GenerationTokens),
    ];
}
