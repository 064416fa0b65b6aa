namespace Observability.Simulator.Implementation.Rendering;

/// <summary>
/// The TensorRT-LLM backend's custom families (NOTES §3), each a gauge or counter keyed by one
/// category label next to model and version, plus the input/output token-length histograms whose
/// sums are the only token totals a TensorRT-LLM deployment exports.
/// </summary>
internal sealed class TrtLlmRenderer
{
    private const int TokensPerBlock = 64;

    private static readonly TritonFamily Requests = TritonFamily.Gauge("nv_trt_llm_request_metrics", "TRT LLM request metrics");
    private static readonly TritonFamily RuntimeMemory = TritonFamily.Gauge("nv_trt_llm_runtime_memory_metrics", "TRT LLM runtime memory metrics");
    private static readonly TritonFamily KvBlocks = TritonFamily.Gauge("nv_trt_llm_kv_cache_block_metrics", "TRT LLM KV cache block metrics");
    private static readonly TritonFamily Inflight = TritonFamily.Gauge("nv_trt_llm_inflight_batcher_metrics", "TRT LLM inflight_batcher-specific metrics");
    private static readonly TritonFamily General = TritonFamily.Gauge("nv_trt_llm_general_metrics", "General TRT LLM metrics");
    private static readonly TritonFamily Disaggregated = TritonFamily.Counter("nv_trt_llm_disaggregated_serving_metrics", "TRT LLM disaggregated serving metrics");
    private static readonly HistogramNames InputTokens = new("nv_llm_input_token_len", "TRT LLM response metrics");
    private static readonly HistogramNames OutputTokens = new("nv_llm_output_token_len", "TRT LLM response metrics");

    private readonly SimReplica replica;
    private readonly Func<string, string, byte[]> labels;
    private readonly byte[][] requestLabels;
    private readonly byte[][] memoryLabels;
    private readonly byte[][] kvLabels;
    private readonly byte[][] inflightLabels;
    private readonly byte[][] generalLabels;
    private readonly byte[][] disaggregatedLabels;
    private readonly (byte[] Labels, byte[] Before, byte[] After) input;
    private readonly (byte[] Labels, byte[] Before, byte[] After) output;

    public TrtLlmRenderer(SimReplica replica)
    {
        this.replica = replica;
        var model = replica.Model.Name;
        labels = (name, value) => LabelSet.BuildSorted(("model", model), (name, value), ("version", "1"));
        requestLabels = Category("request_type", "waiting", "context", "scheduled", "max", "active");
        memoryLabels = Category("memory_type", "pinned", "gpu", "cpu");
        kvLabels = Category("kv_cache_block_type", "fraction", "tokens_per", "used", "free", "max", "reused");
        inflightLabels = Category("inflight_batcher_specific_metric", "micro_batch_id", "generation_requests", "total_context_tokens", "paused_requests");
        generalLabels = Category("general_type", "iteration_counter", "timestamp");
        disaggregatedLabels = Category("disaggregated_serving_type", "kv_cache_transfer_ms", "request_count");
        input = HistogramLabels("total_input_tokens");
        output = HistogramLabels("total_output_tokens");
    }

    public void Render(MetricWriter writer, DateTimeOffset now)
    {
        var options = replica.Model.Options;
        var c = replica.Counters;
        var running = replica.Running.Count;
        Gauges(writer, Requests, requestLabels, replica.Waiting.Count, replica.ContextRequests, running, options.MaxNumSeqs, running);
        Gauges(writer, RuntimeMemory, memoryLabels, 0, 1_610_236L * replica.Devices.Length, 0);
        var maxBlocks = options.KvCacheTokens / TokensPerBlock;
        var used = (long)Math.Ceiling(replica.KvUsage * maxBlocks);
        Gauges(writer, KvBlocks, kvLabels, used / (double)maxBlocks, TokensPerBlock, used, maxBlocks - used, maxBlocks, c.ReusedKvBlocks);
        Gauges(writer, Inflight, inflightLabels, 0, running - replica.ContextRequests, replica.ContextTokens, 0);
        Gauges(writer, General, generalLabels, c.IterationCounter, now.ToUnixTimeSeconds());
        Gauges(writer, Disaggregated, disaggregatedLabels, 0, 0);
        InputTokens.WriteCpp(writer, c.InputTokenLength, input.Labels, input.Before, input.After);
        OutputTokens.WriteCpp(writer, c.OutputTokenLength, output.Labels, output.Before, output.After);
    }

    private static void Gauges(MetricWriter writer, TritonFamily family, byte[][] categories, params ReadOnlySpan<double> values)
    {
        writer.Raw(family.Header);
        for (var i = 0; i < categories.Length; i++)
        {
            writer.Shortest(family.Name, categories[i], values[i]);
        }
    }

    private byte[][] Category(string name, params string[] values) => [.. values.Select(v => labels(name, v))];

    private (byte[] Labels, byte[] Before, byte[] After) HistogramLabels(string type)
    {
        var block = labels("response_metric_type", type);
        return (block, [.. block.AsSpan(0, block.Length - 1), .. ",le=\""u8], "\"}"u8.ToArray());
    }
}
