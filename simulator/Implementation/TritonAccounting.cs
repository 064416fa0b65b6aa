namespace Observability.Simulator.Implementation;

/// <summary>
/// Triton counting: per-request counters and cumulative durations (µs) when a request succeeds,
/// failures by reason, the first-response histogram (ms), and for TensorRT-LLM the token-length
/// histograms, which are the only token counts Triton exports — so token truth is added here too.
/// </summary>
internal sealed class TritonAccounting(TruthLedger truth) : IServingAccounting
{
    // Fixed per-request costs of moving tensors in and out, as Triton's compute_input/output report.
    private const long ComputeInputUs = 42;
    private const long ComputeOutputUs = 27;

    public void OnFirstToken(SimReplica replica, SimRequest request) =>
        replica.Counters.FirstResponseMs.Observe((request.FirstToken - request.Arrival) * 1000);

    public void OnGenerated(SimReplica replica, SimRequest request, int tokens)
    {
    }

    public void OnFinished(SimReplica replica, SimRequest request, double now)
    {
        var c = replica.Counters;
        switch (request.Reason)
        {
            case FinishReason.Stop or FinishReason.Length:
                var e2eUs = (long)Math.Round((now - request.Arrival) * 1e6);
                var queueUs = (long)Math.Round((request.Admit - request.Arrival) * 1e6);
                c.Success++;
                c.InferenceCount++;
                c.ExecutionCount++;
                c.RequestDurationUs += e2eUs;
                c.QueueDurationUs += queueUs;
                c.ComputeInputDurationUs += ComputeInputUs;
                c.ComputeInferDurationUs += Math.Max(0, e2eUs - queueUs - ComputeInputUs - ComputeOutputUs);
                c.ComputeOutputDurationUs += ComputeOutputUs;
                if (replica.Model.IsTrtLlm)
                {
                    c.InputTokenLength.Observe(request.Prompt);
                    c.OutputTokenLength.Observe(request.GenCounted);
                    c.ReusedKvBlocks += request.Cached / 64;
                }

                truth.AddPromptTokens(request.Tenant, replica.Model.Index, request.Prompt);
                truth.AddGenerationTokens(request.Tenant, replica.Model.Index, request.GenCounted);
                break;
            case FinishReason.Rejected:
                c.Failure[0]++;
                break;
            case FinishReason.Abort:
                c.Failure[1]++;
                break;
            default:
                c.Failure[2]++;
                break;
        }
    }

    public void OnStepEnd(SimReplica replica, double seconds, Rng rng) =>
        // One in-flight batcher iteration per decode step while the batch is busy.
        replica.Counters.IterationCounter += (long)Math.Round(replica.StepBusySeconds / replica.Model.Options.InterTokenLatencySeconds);
}
