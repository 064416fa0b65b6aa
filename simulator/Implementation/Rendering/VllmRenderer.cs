using System.Globalization;

namespace Observability.Simulator.Implementation.Rendering;

/// <summary>
/// One vLLM replica's /metrics, as prometheus_client writes it: labels sorted by name
/// (engine, finished_reason, le, model_name), Python float values ("27453.0"), histograms as
/// buckets then _count then _sum. Legacy replicas use the old names and have no engine label.
/// </summary>
internal sealed class VllmRenderer : IEndpointRenderer
{
    private readonly SimReplica replica;
    private readonly VllmDialect dialect;
    private readonly byte[] labels;
    private readonly byte[][] reasonLabels;
    private readonly byte[] leBefore;
    private readonly byte[] leAfter;
    private readonly byte[] cacheConfigLabels;

    public VllmRenderer(SimReplica replica)
    {
        this.replica = replica;
        dialect = replica.Legacy ? VllmDialect.Old : VllmDialect.V1;
        var model = replica.Model.Name;
        var engine = replica.Legacy ? [] : new[] { ("engine", "0") };
        labels = LabelSet.BuildSorted([.. engine, ("model_name", model)]);
        reasonLabels = [.. dialect.FinishReasons.Select(r =>
            LabelSet.BuildSorted([.. engine, ("finished_reason", r.ToString().ToLowerInvariant()), ("model_name", model)]))];

        // Split the bucket label block around the le value: {engine="0",le="  0.5  ",model_name="m"}.
        var marker = "\u0001";
        var withLe = System.Text.Encoding.UTF8.GetString(LabelSet.BuildSorted([.. engine, ("le", marker), ("model_name", model)]));
        var at = withLe.IndexOf(marker, StringComparison.Ordinal);
        leBefore = LabelSet.Bytes(withLe[..at]);
        leAfter = LabelSet.Bytes(withLe[(at + 1)..]);
        var blocks = replica.Model.Options.KvCacheTokens / 16;
        cacheConfigLabels = LabelSet.BuildSorted(
        [
            .. engine,
            ("block_size", "16"),
            ("cache_dtype", "auto"),
            ("enable_prefix_caching", "True"),
            ("gpu_memory_utilization", "0.9"),
            ("num_gpu_blocks", blocks.ToString(CultureInfo.InvariantCulture)),
        ]);
    }

    public void Render(MetricWriter writer, DateTimeOffset now)
    {
        var c = replica.Counters;
        writer.Raw(dialect.CacheConfig);
        writer.Python(VllmDialect.CacheConfigName, cacheConfigLabels, 1);
        writer.Raw(dialect.Running);
        writer.Python(VllmDialect.RunningName, labels, replica.Running.Count);
        writer.Raw(dialect.Waiting);
        writer.Python(VllmDialect.WaitingName, labels, replica.Waiting.Count);
        writer.Raw(dialect.KvCache);
        writer.Python(dialect.KvCacheName, labels, replica.KvUsage);
        writer.Raw(dialect.Preemptions);
        writer.Python(VllmDialect.PreemptionsName, labels, c.Preemptions);
        writer.Raw(dialect.PromptTokens);
        writer.Python(VllmDialect.PromptTokensName, labels, c.PromptTokens);
        writer.Raw(dialect.GenerationTokens);
        writer.Python(VllmDialect.GenerationTokensName, labels, c.GenerationTokens);
        writer.Raw(dialect.Success);
        for (var i = 0; i < dialect.FinishReasons.Length; i++)
        {
            writer.Python(VllmDialect.SuccessName, reasonLabels[i], c.Finished[(int)dialect.FinishReasons[i]]);
        }

        writer.Raw(dialect.PrefixQueries);
        writer.Python(dialect.PrefixQueriesName, labels, c.PrefixCacheQueries);
        writer.Raw(dialect.PrefixHits);
        writer.Python(dialect.PrefixHitsName, labels, c.PrefixCacheHits);
        dialect.PromptLength.WritePython(writer, c.PromptLength, labels, leBefore, leAfter);
        dialect.GenerationLength.WritePython(writer, c.GenerationLength, labels, leBefore, leAfter);
        dialect.Ttft.WritePython(writer, c.Ttft, labels, leBefore, leAfter);
        dialect.InterToken.WritePython(writer, c.InterToken, labels, leBefore, leAfter);
        dialect.E2e.WritePython(writer, c.E2e, labels, leBefore, leAfter);
        dialect.QueueTime.WritePython(writer, c.QueueTime, labels, leBefore, leAfter);
    }
}
