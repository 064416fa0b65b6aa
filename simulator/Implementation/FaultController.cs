namespace Observability.Simulator.Implementation;

/// <summary>
/// Starts and ends GPU faults: scheduled ones at their offsets, injected ones at once, random ones
/// as a Poisson process over the whole fleet. One fault per GPU at a time; a planned fault replaces
/// whatever was there. After a change it re-derives each replica's online state, speed and error rate.
/// </summary>
internal sealed class FaultController
{
    private static readonly int[] RandomXids = [13, 31, 43, 45, 48, 63, 64, 74, 92, 94, 95];

    private readonly Fleet fleet;
    private readonly Rng rng;
    private readonly TruthLedger truth;
    private readonly DateTimeOffset epoch;
    private readonly double ratePerSecond;
    private readonly double randomDuration;
    private readonly Queue<(SimDevice Gpu, FaultSpec Spec)> scheduled;
    private double nextRandom;
    private bool changed;

    public FaultController(FleetOptions options, Fleet fleet, Rng rng, TruthLedger truth, DateTimeOffset epoch)
    {
        this.fleet = fleet;
        this.rng = rng;
        this.truth = truth;
        this.epoch = epoch;
        ratePerSecond = options.FaultsPerGpuPerDay * fleet.Gpus.Count / 86_400;
        randomDuration = options.FaultDuration.TotalSeconds;
        nextRandom = ratePerSecond > 0 ? rng.Exponential(ratePerSecond) : double.PositiveInfinity;
        scheduled = new(options.ScheduledFaults.OrderBy(f => f.After).Select(f => (fleet.FindGpu(f.Node, f.Gpu), f)));
    }

    /// <summary>Brings faults up to time <paramref name="t"/>; returns whether any replica's state may have changed.</summary>
    public bool Update(double t)
    {
        foreach (var gpu in fleet.Gpus)
        {
            if (gpu.Fault is { } f && f.End <= t)
            {
                gpu.Fault = null;
                DevicePhysics.RefreshFaultGauges(gpu);
                changed = true;
            }
        }

        while (scheduled.TryPeek(out var next) && next.Spec.After.TotalSeconds <= t)
        {
            scheduled.Dequeue();
            Start(next.Gpu, next.Spec.Kind, next.Spec.XidCode, t, next.Spec.After.TotalSeconds + next.Spec.Duration.TotalSeconds);
        }

        while (nextRandom <= t)
        {
            var gpu = fleet.Gpus[rng.Next(fleet.Gpus.Count)];
            var roll = rng.NextDouble();
            var kind = roll < 0.5 ? FaultKind.Xid : roll < 0.85 ? FaultKind.Throttle : FaultKind.Disappear;
            if (gpu.Fault is null)
            {
                Start(gpu, kind, 0, t, t + randomDuration);
            }

            nextRandom += rng.Exponential(ratePerSecond);
        }

        var result = changed;
        changed = false;
        return result;
    }

    public void Start(SimDevice gpu, FaultKind kind, int xid, double start, double end)
    {
        if (gpu.Fault is { } old)
        {
            truth.EndFault(gpu.Uuid, epoch.AddSeconds(old.Start), epoch.AddSeconds(start));
        }

        if (kind == FaultKind.Xid && xid == 0)
        {
            xid = RandomXids[rng.Next(RandomXids.Length)];
        }

        if (kind != FaultKind.Xid)
        {
            xid = 0;
        }

        // Row-remapping XIDs leave their mark in the remapped-row counters.
        gpu.CorrectableRemappedRows += xid == 63 ? 1 : 0;
        gpu.UncorrectableRemappedRows += xid == 64 ? 1 : 0;
        gpu.Fault = new ActiveFault(kind, xid, start, end);
        DevicePhysics.RefreshFaultGauges(gpu);
        truth.AddFault(new FaultRecord(gpu.Node.Name, gpu.GpuIndex, gpu.Uuid, kind, xid, epoch.AddSeconds(start), epoch.AddSeconds(end)));
        changed = true;
    }

    /// <summary>Re-derives replica state from their GPUs' faults; a replica that just lost a GPU fails its requests.</summary>
    public void ApplyToReplicas(ReplicaEngine engine, double t)
    {
        foreach (var replica in fleet.Replicas)
        {
            var online = true;
            var speed = 1.0;
            var errorRate = 0.0;
            foreach (var device in replica.Devices)
            {
                var fault = device.Gpu.Fault;
                online &= fault?.Kind != FaultKind.Disappear;
                speed = fault?.Kind == FaultKind.Throttle ? ActiveFault.ThrottleClockFactor : speed;
                errorRate = fault?.Kind == FaultKind.Xid ? ActiveFault.XidErrorRate : errorRate;
            }

            if (replica.Online && !online)
            {
                engine.FailAll(replica, t);
            }

            replica.Online = online;
            replica.Speed = speed;
            replica.ErrorRate = errorRate;
        }
    }
}
