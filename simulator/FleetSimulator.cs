using System.Buffers;
using System.Text;
using Observability.Simulator.Implementation;
using Observability.Simulator.Implementation.Rendering;

namespace Observability.Simulator;

/// <summary>
/// A simulated GPU inference fleet: nodes of GPUs (some split into MIG instances), vLLM and Triton
/// replicas serving tenants' requests under a diurnal load, occasional GPU faults, and the ground
/// truth of it all. Time comes only from the injected <see cref="TimeProvider"/>: every read
/// (render, truth) first advances the simulation to the clock's now in whole steps of
/// <see cref="FleetOptions.Step"/>, so accelerated clocks work and every reader sees one instant.
/// Thread-safe: all access is serialized on one lock.
/// </summary>
public sealed class FleetSimulator
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly SimulationLoop loop;
    private readonly Dictionary<string, SimulatedEndpoint> byPath;

    /// <summary>Validates <paramref name="options"/> (throwing <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> with every problem) and builds the fleet at the clock's now.</summary>
    public FleetSimulator(FleetOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        FleetOptionsValidator.ThrowIfInvalid(options);
        Options = options;
        time = timeProvider;
        loop = new SimulationLoop(options, timeProvider.GetUtcNow());
        Endpoints = BuildEndpoints(options, loop.Fleet);
        byPath = Endpoints.ToDictionary(e => e.Path, StringComparer.Ordinal);
    }

    public FleetOptions Options { get; }

    internal TimeProvider Time => time;

    /// <summary>Simulated time zero: the clock's now at construction.</summary>
    public DateTimeOffset Epoch => loop.Epoch;

    /// <summary>The instant the state describes (the last step boundary reached).</summary>
    public DateTimeOffset Now
    {
        get
        {
            lock (gate)
            {
                return loop.Now;
            }
        }
    }

    /// <summary>Every /metrics page: one per node (DCGM), then one per replica in model order.</summary>
    public IReadOnlyList<SimulatedEndpoint> Endpoints { get; }

    public SimulatedEndpoint? FindEndpoint(string path) => byPath.GetValueOrDefault(path);

    /// <summary>Advances to the clock's now.</summary>
    public void Advance() => Advance(time.GetUtcNow());

    /// <summary>Integrates requests, tokens, busy time and energy over every whole step up to <paramref name="now"/>.</summary>
    public void Advance(DateTimeOffset now)
    {
        lock (gate)
        {
            loop.AdvanceTo(now);
        }
    }

    /// <summary>Advances to now and writes the endpoint's page; returns the number of samples written.</summary>
    public int Render(SimulatedEndpoint endpoint, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(output);
        var writer = new MetricWriter(output);
        var now = time.GetUtcNow();
        lock (gate)
        {
            loop.AdvanceTo(now);
            endpoint.Renderer.Render(writer, loop.Now);
        }

        return writer.Samples;
    }

    /// <summary>The page as a string, for tests and debugging.</summary>
    public string RenderText(SimulatedEndpoint endpoint)
    {
        using var buffer = new PooledBufferWriter();
        Render(endpoint, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Advances to now and snapshots what really happened.</summary>
    public GroundTruth GetGroundTruth()
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            loop.AdvanceTo(now);
            return loop.Truth.Snapshot(loop.Now, loop.Fleet.Devices);
        }
    }

    /// <summary>Starts a fault on GPU <paramref name="gpu"/> of <paramref name="node"/> now, replacing any fault it has.</summary>
    public void InjectFault(string node, int gpu, FaultKind kind, TimeSpan duration, int xidCode = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(xidCode);
        var now = time.GetUtcNow();
        lock (gate)
        {
            loop.AdvanceTo(now);
            loop.InjectFault(loop.Fleet.FindGpu(node, gpu), kind, duration, xidCode);
        }
    }

    /// <summary>Takes the finished requests recorded since the last drain (at most <see cref="FleetOptions.RequestEventCapacity"/>).</summary>
    public IReadOnlyList<RequestEvent> DrainRequestEvents()
    {
        lock (gate)
        {
            return loop.Events.Drain();
        }
    }

    /// <summary>
    /// Advances to now, takes the finished requests and snapshots the truth in one step, so that the events drained so
    /// far are exactly the requests the truth counts as finished (unless some were dropped: <see cref="DroppedRequestEvents"/>).
    /// </summary>
    public (IReadOnlyList<RequestEvent> Events, GroundTruth Truth) DrainRequestEventsWithTruth()
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            loop.AdvanceTo(now);
            return (loop.Events.Drain(), loop.Truth.Snapshot(loop.Now, loop.Fleet.Devices));
        }
    }

    /// <summary>Request events lost because nobody drained them in time.</summary>
    public long DroppedRequestEvents
    {
        get
        {
            lock (gate)
            {
                return loop.Events.Dropped;
            }
        }
    }

    private static SimulatedEndpoint[] BuildEndpoints(FleetOptions options, Fleet fleet)
    {
        var endpoints = new List<SimulatedEndpoint>();
        foreach (var node in fleet.Nodes)
        {
            var labels = new Dictionary<string, string> { ["cluster"] = options.Cluster, ["node"] = node.Name };
            endpoints.Add(new SimulatedEndpoint(
                TargetKind.Dcgm, $"/dcgm/{node.Name}/metrics", node.Name, labels, new DcgmRenderer(node, options.DriverVersion, options.Namespace)));
        }

        foreach (var replica in fleet.Replicas)
        {
            var labels = new Dictionary<string, string>
            {
                ["cluster"] = options.Cluster,
                ["node"] = replica.Node.Name,
                ["model"] = replica.Model.Name,
                ["replica"] = replica.Name,
                ["namespace"] = options.Namespace,
                ["pod"] = replica.Pod,
            };
            var vllm = replica.Model.Engine == ServingEngine.Vllm;
            endpoints.Add(new SimulatedEndpoint(
                vllm ? TargetKind.Vllm : TargetKind.Triton,
                vllm ? $"/vllm/{replica.Name}/metrics" : $"/triton/{replica.Name}/metrics",
                replica.Node.Name,
                labels,
                vllm ? new VllmRenderer(replica) : new TritonRenderer(replica)));
        }

        return [.. endpoints];
    }
}
