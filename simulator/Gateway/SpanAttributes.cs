using System.Diagnostics;

namespace Observability.Simulator.Gateway;

/// <summary>
/// The attributes of one gateway span, in the GenAI semantic conventions' current names, from one simulated request.
/// The token counts are the engine's own for that request, so that, summed over spans, they agree with the vLLM
/// counters the simulator serves for finished requests: prompt tokens count once the prefill ran (a request that
/// failed before its first token reports none), output tokens as generated.
/// </summary>
internal static class SpanAttributes
{
    public const string TenantKey = "tenant.id";

    public static (long Input, long Output, long Cached) Tokens(RequestEvent e) =>
        e.TimeToFirstTokenSeconds is null ? (0, e.GenerationTokens, 0) : (e.PromptTokens, e.GenerationTokens, e.CachedPromptTokens);

    public static void Set(Activity span, RequestEvent e, ReplicaPlacement placement, string provider)
    {
        var (input, output, cached) = Tokens(e);
        span.SetTag(TenantKey, e.Tenant);
        span.SetTag("gen_ai.operation.name", "chat");
        span.SetTag("gen_ai.provider.name", provider);
        span.SetTag("gen_ai.request.model", e.Model);
        span.SetTag("gen_ai.usage.input_tokens", input);
        span.SetTag("gen_ai.usage.output_tokens", output);
        span.SetTag("gen_ai.usage.cache_read.input_tokens", cached);
        span.SetTag("gen_ai.server.queue_time", e.QueueSeconds);
        span.SetTag("http.route", "/v1/chat/completions");
        span.SetTag("deployment.name", placement.Deployment);
        span.SetTag("k8s.cluster.name", placement.Cluster);
        span.SetTag("k8s.namespace.name", placement.Namespace);
        span.SetTag("k8s.pod.name", e.Replica);
        span.SetTag("k8s.node.name", e.Node);
        if (placement.GpuUuid is not null)
        {
            span.SetTag("gpu.uuid", placement.GpuUuid);
        }

        if (e.TimeToFirstTokenSeconds is { } ttft)
        {
            span.SetTag("gen_ai.response.time_to_first_chunk", ttft);
            if (e.GenerationTokens > 1)
            {
                span.SetTag("gen_ai.server.time_per_output_token", (e.EndToEndSeconds - ttft) / (e.GenerationTokens - 1));
            }
        }

        if (e.Status == RequestStatus.Failed)
        {
            span.SetStatus(ActivityStatusCode.Error, e.FinishReason);
            span.SetTag("error.type", e.FinishReason);
            span.SetTag("http.response.status_code", e.FinishReason == "rejected" ? 429 : 500);
        }
        else
        {
            span.SetTag("http.response.status_code", 200);
            span.SetTag("gen_ai.response.finish_reasons", new[] { e.FinishReason });
        }
    }
}

/// <summary>Where a replica runs, as the gateway's service discovery would know it.</summary>
internal sealed record ReplicaPlacement(string Deployment, string Cluster, string Namespace, string? GpuUuid);
