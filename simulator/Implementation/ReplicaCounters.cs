namespace Observability.Simulator.Implementation;

/// <summary>
/// Everything a replica's /metrics endpoint counts. vLLM and Triton keep different subsets; the
/// unused half stays zero. Token counters are exact integers so that they sum to the ground truth.
/// </summary>
internal sealed class ReplicaCounters(SimModel model, bool legacy)
{
    // vLLM
    public long PromptTokens;
    public long GenerationTokens;
    public long Preemptions;
    public long PrefixCacheQueries;
    public long PrefixCacheHits;

    /// <summary>Finished requests by <see cref="FinishReason"/> (vLLM request_success_total{finished_reason}).</summary>
    public readonly long[] Finished = new long[5];

    public readonly BucketHistogram Ttft = new(legacy ? HistogramLayout.LegacyTtft : HistogramLayout.VllmTtft);
    public readonly BucketHistogram InterToken = new(legacy ? HistogramLayout.LegacyTimePerOutputToken : HistogramLayout.VllmInterToken);
    public readonly BucketHistogram E2e = new(legacy ? HistogramLayout.LegacyE2e : HistogramLayout.VllmRequestTime);
    public readonly BucketHistogram QueueTime = new(HistogramLayout.VllmRequestTime);
    public readonly BucketHistogram PromptLength = new(model.TokenLayout);
    public readonly BucketHistogram GenerationLength = new(model.TokenLayout);

    // Triton
    public long Success;

    /// <summary>Failures by reason: REJECTED, CANCELED, BACKEND, OTHER.</summary>
    public readonly long[] Failure = new long[4];
    public long InferenceCount;
    public long ExecutionCount;
    public long RequestDurationUs;
    public long QueueDurationUs;
    public long ComputeInputDurationUs;
    public long ComputeInferDurationUs;
    public long ComputeOutputDurationUs;
    public long IterationCounter;
    public long ReusedKvBlocks;
    public readonly BucketHistogram FirstResponseMs = new(HistogramLayout.TritonFirstResponseMs);
    public readonly BucketHistogram InputTokenLength = new(HistogramLayout.TrtLlmTokenLength);
    public readonly BucketHistogram OutputTokenLength = new(HistogramLayout.TrtLlmTokenLength);
}
