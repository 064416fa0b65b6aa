namespace Observability.Simulator.Implementation.Rendering;

/// <summary>
/// Family names and help texts of vLLM's /metrics: V1 (kv_cache_usage_perc, inter_token_latency_seconds,
/// prefix_cache_*) or the names older servers still export (gpu_cache_usage_perc,
/// time_per_output_token_seconds, gpu_prefix_cache_*), which consumers must also understand.
/// </summary>
internal sealed class VllmDialect
{
    private VllmDialect(bool legacy)
    {
        Legacy = legacy;
        Running = LabelSet.Header("vllm:num_requests_running", legacy ? "Number of requests currently running on GPU." : "Number of requests in model execution batches.", "gauge");
        Waiting = LabelSet.Header("vllm:num_requests_waiting", "Number of requests waiting to be processed.", "gauge");
        var kvName = legacy ? "vllm:gpu_cache_usage_perc" : "vllm:kv_cache_usage_perc";
        KvCacheName = LabelSet.Bytes(kvName);
        KvCache = LabelSet.Header(kvName, legacy ? "GPU KV-cache usage. 1 means 100 percent usage." : "KV-cache usage. 1 means 100 percent usage.", "gauge");
        Preemptions = LabelSet.Header("vllm:num_preemptions_total", "Cumulative number of preemption from the engine.", "counter");
        PromptTokens = LabelSet.Header("vllm:prompt_tokens_total", "Number of prefill tokens processed.", "counter");
        GenerationTokens = LabelSet.Header("vllm:generation_tokens_total", "Number of generation tokens processed.", "counter");
        Success = LabelSet.Header("vllm:request_success_total", "Count of successfully processed requests.", "counter");
        var prefix = legacy ? "vllm:gpu_prefix_cache_" : "vllm:prefix_cache_";
        var prefixHelp = legacy ? "GPU prefix cache" : "Prefix cache";
        PrefixQueriesName = LabelSet.Bytes(prefix + "queries_total");
        PrefixQueries = LabelSet.Header(prefix + "queries_total", prefixHelp + " queries, in terms of number of queried tokens.", "counter");
        PrefixHitsName = LabelSet.Bytes(prefix + "hits_total");
        PrefixHits = LabelSet.Header(prefix + "hits_total", prefixHelp + " hits, in terms of number of cached tokens.", "counter");
        PromptLength = new("vllm:request_prompt_tokens", "Number of prefill tokens processed.");
        GenerationLength = new("vllm:request_generation_tokens", "Number of generation tokens processed.");
        Ttft = new("vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.");
        InterToken = legacy
            ? new("vllm:time_per_output_token_seconds", "Histogram of time per output token in seconds.")
            : new("vllm:inter_token_latency_seconds", "Histogram of inter-token latency in seconds.");
        E2e = new("vllm:e2e_request_latency_seconds", legacy ? "Histogram of end to end request latency in seconds." : "Histogram of e2e request latency in seconds.");
        QueueTime = new("vllm:request_queue_time_seconds", "Histogram of time spent in WAITING phase for request.");
        CacheConfig = LabelSet.Header("vllm:cache_config_info", "Information of the LLMEngine CacheConfig", "gauge");
        FinishReasons = legacy ? [FinishReason.Stop, FinishReason.Length, FinishReason.Abort] : [FinishReason.Stop, FinishReason.Length, FinishReason.Abort, FinishReason.Error];
    }

    public static VllmDialect V1 { get; } = new(false);

    public static VllmDialect Old { get; } = new(true);

    public static byte[] RunningName { get; } = LabelSet.Bytes("vllm:num_requests_running");

    public static byte[] WaitingName { get; } = LabelSet.Bytes("vllm:num_requests_waiting");

    public static byte[] PreemptionsName { get; } = LabelSet.Bytes("vllm:num_preemptions_total");

    public static byte[] PromptTokensName { get; } = LabelSet.Bytes("vllm:prompt_tokens_total");

    public static byte[] GenerationTokensName { get; } = LabelSet.Bytes("vllm:generation_tokens_total");

    public static byte[] SuccessName { get; } = LabelSet.Bytes("vllm:request_success_total");

    public static byte[] CacheConfigName { get; } = LabelSet.Bytes("vllm:cache_config_info");

    public bool Legacy { get; }

    public byte[] Running { get; }

    public byte[] Waiting { get; }

    public byte[] KvCacheName { get; }

    public byte[] KvCache { get; }

    public byte[] Preemptions { get; }

    public byte[] PromptTokens { get; }

    public byte[] GenerationTokens { get; }

    public byte[] Success { get; }

    public byte[] PrefixQueriesName { get; }

    public byte[] PrefixQueries { get; }

    public byte[] PrefixHitsName { get; }

    public byte[] PrefixHits { get; }

    public HistogramNames PromptLength { get; }

    public HistogramNames GenerationLength { get; }

    public HistogramNames Ttft { get; }

    public HistogramNames InterToken { get; }

    public HistogramNames E2e { get; }

    public HistogramNames QueueTime { get; }

    public byte[] CacheConfig { get; }

    public FinishReason[] FinishReasons { get; }
}
