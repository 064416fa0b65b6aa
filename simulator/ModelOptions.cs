namespace Observability.Simulator;

/// <summary>
/// One served model: its engine, how many replicas run and on what, and the shape of its traffic.
/// The defaults describe an 8B-class chat model on one H100; a replica runs continuous batching,
/// so latency grows with the batch while GPU busy time saturates.
/// </summary>
public sealed record ModelOptions
{
    /// <summary>Served model name: vLLM's <c>model_name</c>, Triton's <c>model</c> label. Required, unique.</summary>
    public string Name { get; init; } = "";

    /// <summary>Serving stack. Default vLLM.</summary>
    public ServingEngine Engine { get; init; } = ServingEngine.Vllm;

    /// <summary>Replicas (one /metrics endpoint each). Default 1.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Whole GPUs per replica, all on one node (tensor parallel). Ignored when <see cref="UseMig"/>. Default 1.</summary>
    public int GpusPerReplica { get; init; } = 1;

    /// <summary>Place each replica on one free MIG instance instead of whole GPUs. Default false.</summary>
    public bool UseMig { get; init; }

    /// <summary>Triton only: the model is a TensorRT-LLM engine, so nv_trt_llm_* and token histograms appear. Default true.</summary>
    public bool TensorRtLlm { get; init; } = true;

    /// <summary>Requests per second per replica at the diurnal peak. Default 2.</summary>
    public double PeakRequestsPerSecond { get; init; } = 2.0;

    /// <summary>Mean prompt length in tokens (log-normal). Default 800.</summary>
    public int MeanPromptTokens { get; init; } = 800;

    /// <summary>Mean requested output length in tokens (log-normal). Default 180.</summary>
    public int MeanOutputTokens { get; init; } = 180;

    /// <summary>max_tokens: longer generations stop with finished_reason="length". Default 1024.</summary>
    public int MaxOutputTokens { get; init; } = 1024;

    /// <summary>max_model_len; bounds prompts and the token-count histogram buckets. Default 8192.</summary>
    public int MaxModelLength { get; init; } = 8192;

    /// <summary>Concurrent sequences per replica (max_num_seqs); beyond it requests wait. Default 64.</summary>
    public int MaxNumSeqs { get; init; } = 64;

    /// <summary>Prefill throughput of one replica, tokens per second. Default 20,000.</summary>
    public double PrefillTokensPerSecond { get; init; } = 20_000;

    /// <summary>Inter-token latency of a lone request; a full batch is 2.5x slower. Default 15 ms.</summary>
    public double InterTokenLatencySeconds { get; init; } = 0.015;

    /// <summary>KV-cache capacity of one replica in tokens. Default 160,000.</summary>
    public int KvCacheTokens { get; init; } = 160_000;

    /// <summary>Fraction of prompt tokens served from the prefix cache. Default 0.3.</summary>
    public double PrefixCacheHitRate { get; init; } = 0.3;

    /// <summary>Fraction of requests the client aborts mid-generation. Default 0.002.</summary>
    public double AbortRate { get; init; } = 0.002;
}
