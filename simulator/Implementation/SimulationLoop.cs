namespace Observability.Simulator.Implementation;

/// <summary>
/// Advances the whole fleet on a fixed grid of steps from the epoch: faults, then arrivals, then
/// every replica's batch, then every GPU's physics. Working on a grid (rather than on whatever
/// interval the last scrape left) makes a run reproducible from its seed whatever the scrape times,
/// and means all endpoints read the state of one and the same instant.
/// </summary>
internal sealed class SimulationLoop
{
    private readonly Fleet fleet;
    private readonly Rng rng;
    private readonly ReplicaEngine engine;
    private readonly TrafficGenerator traffic;
    private readonly DevicePhysics physics;
    private readonly FaultController faults;
    private readonly double stepSeconds;

    public SimulationLoop(FleetOptions options, DateTimeOffset epoch)
    {
        Epoch = epoch;
        rng = new Rng(options.Seed);
        fleet = FleetBuilder.Build(options, rng);
        Truth = new TruthLedger(fleet.Tenants, fleet.Models);
        Events = new RequestEventBuffer(options.RequestEventCapacity);
        engine = new ReplicaEngine(rng, Truth, Events, epoch, new IncidentPlan(options.ScheduledIncidents, Truth));
        traffic = new TrafficGenerator(rng, new LoadCurve(options.DiurnalAmplitude, options.PeakHourUtc, options.NoiseLevel), Truth);
        physics = new DevicePhysics(rng);
        faults = new FaultController(options, fleet, rng, Truth, epoch);
        stepSeconds = options.Step.TotalSeconds;
        ApplyFaults();
    }

    public Fleet Fleet => fleet;

    public DateTimeOffset Epoch { get; }

    public TruthLedger Truth { get; }

    public RequestEventBuffer Events { get; }

    /// <summary>Whole steps taken; the state is that of <see cref="Now"/>.</summary>
    public long Steps { get; private set; }

    /// <summary>Seconds since the epoch of the current state.</summary>
    public double Elapsed => Steps * stepSeconds;

    public DateTimeOffset Now => Epoch.AddSeconds(Elapsed);

    /// <summary>Takes every whole step that ends at or before <paramref name="now"/>.</summary>
    public void AdvanceTo(DateTimeOffset now)
    {
        var target = (long)Math.Floor((now - Epoch).TotalSeconds / stepSeconds);
        while (Steps < target)
        {
            Step();
        }
    }

    /// <summary>Starts a fault on a GPU at the current instant, visible to the next scrape.</summary>
    public void InjectFault(SimDevice gpu, FaultKind kind, TimeSpan duration, int xid)
    {
        faults.Start(gpu, kind, xid, Elapsed, Elapsed + duration.TotalSeconds);
        ApplyFaults();
    }

    private void Step()
    {
        var t0 = Elapsed;
        var t1 = t0 + stepSeconds;
        ApplyFaults();
        var stepStart = Now;
        foreach (var model in fleet.Models)
        {
            traffic.Generate(model, stepStart, t0, stepSeconds);
        }

        foreach (var replica in fleet.Replicas)
        {
            engine.Step(replica, t0, t1);
            foreach (var device in replica.Devices)
            {
                device.StepBusySeconds = replica.StepBusySeconds;
                device.StepOccupancySeconds = replica.StepOccupancySeconds;
                device.StepPromptTokens = replica.StepPromptTokens;
                device.StepGeneratedTokens = replica.StepGeneratedTokens;
            }

            replica.StepBusySeconds = replica.StepOccupancySeconds = 0;
            replica.StepPromptTokens = replica.StepGeneratedTokens = 0;
        }

        foreach (var gpu in fleet.Gpus)
        {
            physics.Step(gpu, stepSeconds);
            Reset(gpu);
            foreach (var instance in gpu.Instances)
            {
                Reset(instance);
            }
        }

        Steps++;
    }

    private void ApplyFaults()
    {
        if (faults.Update(Elapsed))
        {
            faults.ApplyToReplicas(engine, Elapsed);
        }
    }

    private static void Reset(SimDevice device)
    {
        device.StepBusySeconds = device.StepOccupancySeconds = 0;
        device.StepPromptTokens = device.StepGeneratedTokens = 0;
    }
}
