namespace Observability.Simulator.Implementation;

/// <summary>
/// vLLM V1 counting: prompt tokens and prefix-cache queries when the prefill finishes, generation
/// tokens as they are produced, and the per-request histograms when the request finishes.
/// </summary>
internal sealed class VllmAccounting(TruthLedger truth) : IServingAccounting
{
    public void OnFirstToken(SimReplica replica, SimRequest request)
    {
        var c = replica.Counters;
        c.PromptTokens += request.Prompt;
        c.PrefixCacheQueries += request.Prompt;
        c.PrefixCacheHits += request.Cached;
        c.Ttft.Observe(request.FirstToken - request.Arrival);
        truth.AddPromptTokens(request.Tenant, replica.Model.Index, request.Prompt);
    }

    public void OnGenerated(SimReplica replica, SimRequest request, int tokens)
    {
        replica.Counters.GenerationTokens += tokens;
        truth.AddGenerationTokens(request.Tenant, replica.Model.Index, tokens);
    }

    public void OnFinished(SimReplica replica, SimRequest request, double now)
    {
        var c = replica.Counters;

        // Pre-V1 servers had no "error" finish reason; an engine failure showed up as an abort.
        var reason = replica.Legacy && request.Reason == FinishReason.Error ? FinishReason.Abort : request.Reason;
        c.Finished[(int)reason]++;
        c.E2e.Observe(now - request.Arrival);
        c.QueueTime.Observe((request.Admitted ? request.Admit : now) - request.Arrival);
        c.InterToken.Observe(request.Itl, request.GenCounted - 1);
        c.PromptLength.Observe(request.Prompt);
        c.GenerationLength.Observe(request.GenCounted);
    }

    public void OnStepEnd(SimReplica replica, double seconds, Rng rng)
    {
        // The scheduler preempts when KV blocks run short; model that as a rate rising past 90% use.
        var pressure = replica.KvReservedTokens / (double)replica.Model.Options.KvCacheTokens;
        if (pressure > 0.9)
        {
            replica.Counters.Preemptions += rng.Poisson(seconds * 5 * (pressure - 0.9));
        }
    }
}
