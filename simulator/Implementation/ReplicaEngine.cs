namespace Observability.Simulator.Implementation;

/// <summary>
/// Runs one replica's continuous batching through a step, event by event: arrivals join the batch
/// while it has room (else a FIFO queue), a request's timeline is fixed when it is admitted
/// (prefill, then one token per ITL, both slower when the batch is fuller or the GPU throttled),
/// finishes free room for the queue. Busy time is shared among the running requests as it passes,
/// which is what makes GPU-seconds per tenant add up to the GPUs' busy time.
/// </summary>
internal sealed class ReplicaEngine(Rng rng, TruthLedger truth, RequestEventBuffer events, DateTimeOffset epoch)
{
    // Scheduling overhead before a prefill starts, and how much a full batch slows prefill and decode.
    private const double AdmitOverheadSeconds = 0.004;
    private const double PrefillSlowdownAtFullBatch = 0.5;
    private const double DecodeSlowdownAtFullBatch = 1.5;

    // Triton rejects once this many batches' worth of requests are queued; vLLM queues without limit.
    private const int TritonQueueBatches = 4;

    private readonly VllmAccounting vllm = new(truth);
    private readonly TritonAccounting triton = new(truth);

    public void Step(SimReplica r, double t0, double t1)
    {
        var arrivals = r.Arrivals;
        arrivals.Sort(static (a, b) => a.Arrival.CompareTo(b.Arrival));
        var now = t0;
        var next = 0;
        while (true)
        {
            var nextArrival = next < arrivals.Count ? arrivals[next].Arrival : double.PositiveInfinity;
            var finishing = NextFinish(r);
            var nextFinish = finishing >= 0 ? r.Running[finishing].Finish : double.PositiveInfinity;
            var at = Math.Min(nextArrival, nextFinish);
            if (at >= t1)
            {
                break;
            }

            Accrue(r, now, at);
            now = at;
            if (nextFinish <= nextArrival)
            {
                var request = r.Running[finishing];
                r.Running.RemoveAt(finishing);
                r.KvReservedTokens -= request.Prompt + request.Output;
                Progress(r, request, request.Finish);
                Finish(r, request, now);
                AdmitWaiting(r, now);
            }
            else
            {
                Arrive(r, arrivals[next++], now);
            }
        }

        Accrue(r, now, t1);
        arrivals.Clear();
        EndStep(r, t1, t1 - t0);
    }

    /// <summary>The replica lost its GPU: everything running or queued on it fails now.</summary>
    public void FailAll(SimReplica r, double now)
    {
        foreach (var request in r.Running)
        {
            Progress(r, request, now);
            request.Output = request.GenCounted;
            request.Reason = FinishReason.Error;
            Finish(r, request, now);
        }

        r.Running.Clear();
        r.KvReservedTokens = 0;
        while (r.Waiting.TryDequeue(out var waiting))
        {
            waiting.Reason = FinishReason.Error;
            waiting.Output = 0;
            Finish(r, waiting, now);
        }
    }

    private static int NextFinish(SimReplica r)
    {
        var best = -1;
        for (var i = 0; i < r.Running.Count; i++)
        {
            if (best < 0 || r.Running[i].Finish < r.Running[best].Finish)
            {
                best = i;
            }
        }

        return best;
    }

    private void Accrue(SimReplica r, double from, double to)
    {
        var n = r.Running.Count;
        var dt = to - from;
        if (n == 0 || dt <= 0)
        {
            return;
        }

        r.StepBusySeconds += dt;
        r.StepOccupancySeconds += dt * Math.Min(1.0, n / (double)r.Model.Options.MaxNumSeqs);
        var share = dt * r.GpuWeight / n;
        foreach (var request in r.Running)
        {
            truth.AddGpuSeconds(request.Tenant, r.Model.Index, share);
        }
    }

    private void Arrive(SimReplica r, SimRequest request, double now)
    {
        if (r.Waiting.Count == 0 && Fits(r, request))
        {
            Admit(r, request, now);
        }
        else if (r.Model.Engine == ServingEngine.Triton && r.Waiting.Count >= TritonQueueBatches * r.Model.Options.MaxNumSeqs)
        {
            request.Reason = FinishReason.Rejected;
            request.Output = 0;
            Finish(r, request, now);
        }
        else
        {
            r.Waiting.Enqueue(request);
        }
    }

    private void AdmitWaiting(SimReplica r, double now)
    {
        while (r.Waiting.TryPeek(out var head) && Fits(r, head))
        {
            Admit(r, r.Waiting.Dequeue(), now);
        }
    }

    private static bool Fits(SimReplica r, SimRequest request) =>
        r.Running.Count < r.Model.Options.MaxNumSeqs
        && r.KvReservedTokens + request.Prompt + request.Output <= r.Model.Options.KvCacheTokens;

    private void Admit(SimReplica r, SimRequest request, double now)
    {
        var options = r.Model.Options;
        if (r.ErrorRate > 0 && rng.NextDouble() < r.ErrorRate)
        {
            request.Reason = FinishReason.Error;
            request.Output = 1 + rng.Next(request.Output);
        }

        request.Admit = now;
        r.Running.Add(request);
        r.KvReservedTokens += request.Prompt + request.Output;
        var load = r.Running.Count / (double)options.MaxNumSeqs;
        var prefill = AdmitOverheadSeconds
            + ((request.Prompt - request.Cached) / options.PrefillTokensPerSecond * (1 + (PrefillSlowdownAtFullBatch * load)) / r.Speed);
        request.Itl = options.InterTokenLatencySeconds * (1 + (DecodeSlowdownAtFullBatch * load)) * rng.LogNormal(1, 0.08) / r.Speed;
        request.FirstToken = now + prefill;
        request.Finish = request.FirstToken + ((request.Output - 1) * request.Itl);
    }

    /// <summary>Counts what <paramref name="request"/> has produced by <paramref name="time"/>.</summary>
    private void Progress(SimReplica r, SimRequest request, double time)
    {
        var accounting = Accounting(r);
        if (!request.PrefillCounted && request.Admitted && time >= request.FirstToken)
        {
            request.PrefillCounted = true;
            r.StepPromptTokens += request.Prompt;
            accounting.OnFirstToken(r, request);
            truth.ObserveTtft(r.Model.Index, request.FirstToken - request.Arrival);
        }

        var generated = request.GeneratedBy(time);
        if (generated > request.GenCounted)
        {
            var delta = generated - request.GenCounted;
            request.GenCounted = generated;
            r.StepGeneratedTokens += delta;
            accounting.OnGenerated(r, request, delta);
        }
    }

    private void Finish(SimReplica r, SimRequest request, double now)
    {
        var model = r.Model.Index;
        var failed = request.Reason is not (FinishReason.Stop or FinishReason.Length);
        Accounting(r).OnFinished(r, request, now);
        truth.AddFinished(request.Tenant, model, failed);
        truth.ObserveEndToEnd(model, now - request.Arrival);
        if (request.Admitted)
        {
            truth.ObserveQueue(model, request.Admit - request.Arrival);
        }

        if (request.GenCounted > 1)
        {
            truth.ObserveInterToken(model, request.Itl, request.GenCounted - 1);
        }

        events.Add(new RequestEvent(
            request.Id, truth.TenantName(request.Tenant), r.Model.Name, r.Name, r.Node.Name, epoch.AddSeconds(request.Arrival),
            (request.Admitted ? request.Admit : now) - request.Arrival,
            request.PrefillCounted ? request.FirstToken - request.Arrival : null,
            now - request.Arrival, request.Prompt, request.GenCounted,
            failed ? RequestStatus.Failed : RequestStatus.Succeeded, request.Reason.ToString().ToLowerInvariant(),
            request.PrefillCounted ? request.Cached : 0));
    }

    private void EndStep(SimReplica r, double time, double seconds)
    {
        long kvInUse = 0;
        var context = 0;
        long contextTokens = 0;
        foreach (var request in r.Running)
        {
            Progress(r, request, time);
            kvInUse += request.Prompt + request.GenCounted;
            if (time < request.FirstToken)
            {
                context++;
                contextTokens += request.Prompt - request.Cached;
            }
        }

        r.KvUsage = Math.Min(1.0, kvInUse / (double)r.Model.Options.KvCacheTokens);
        r.ContextRequests = context;
        r.ContextTokens = contextTokens;
        Accounting(r).OnStepEnd(r, seconds, rng);
    }

    private IServingAccounting Accounting(SimReplica r) => r.Model.Engine == ServingEngine.Vllm ? vllm : triton;
}
