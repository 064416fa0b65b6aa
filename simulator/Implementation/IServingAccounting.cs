namespace Observability.Simulator.Implementation;

/// <summary>
/// How an engine turns request progress into its exported counters (and the token ground truth,
/// which must follow the engine's own counting rule to match it exactly).
/// </summary>
internal interface IServingAccounting
{
    /// <summary>The prompt has been processed and the first token emitted.</summary>
    void OnFirstToken(SimReplica replica, SimRequest request);

    /// <summary><paramref name="tokens"/> more tokens of <paramref name="request"/> were generated.</summary>
    void OnGenerated(SimReplica replica, SimRequest request, int tokens);

    /// <summary>The request left the replica at <paramref name="now"/> with its <see cref="SimRequest.Reason"/>.</summary>
    void OnFinished(SimReplica replica, SimRequest request, double now);

    /// <summary>End of a step of <paramref name="seconds"/>, after the batch has moved.</summary>
    void OnStepEnd(SimReplica replica, double seconds, Rng rng);
}
