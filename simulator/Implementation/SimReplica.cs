namespace Observability.Simulator.Implementation;

/// <summary>
/// One serving replica: the pod, the devices it holds, its continuous-batching state (running
/// batch, FIFO queue, KV reservation) and the counters its /metrics endpoint exports.
/// </summary>
internal sealed class SimReplica(SimModel model, int index, SimDevice[] devices, bool legacy, string podUid)
{
    public SimModel Model { get; } = model;

    public int Index { get; } = index;

    /// <summary>Unique across the fleet: the model slug and the replica index, e.g. "llama-3-1-8b-instruct-0".</summary>
    public string Name { get; } = $"{model.Slug}-{index}";

    public SimDevice[] Devices { get; } = devices;

    public SimNode Node => Devices[0].Node;

    /// <summary>GPUs held, counting a MIG instance as its share of a GPU; GPU-seconds are busy time times this.</summary>
    public double GpuWeight { get; } = devices.Sum(d => d.GpuWeight);

    /// <summary>Emits pre-V1 vLLM names and buckets.</summary>
    public bool Legacy { get; } = legacy;

    public string Pod => Name;

    public string PodUid { get; } = podUid;

    public string Container => Model.Engine == ServingEngine.Vllm ? "vllm" : "triton";

    public List<SimRequest> Running { get; } = [];

    public Queue<SimRequest> Waiting { get; } = new();

    /// <summary>Requests routed here during the current step, sorted by arrival before the step runs.</summary>
    public List<SimRequest> Arrivals { get; } = [];

    public ReplicaCounters Counters { get; } = new(model, legacy);

    /// <summary>Prompt plus planned output of the running batch; admission keeps it within the KV cache.</summary>
    public long KvReservedTokens;

    // Effects of faults on the replica's GPUs, refreshed at each step start.
    public bool Online = true;
    public double Speed = 1;
    public double ErrorRate;

    // Activity during the current step, handed to the devices afterwards.
    public double StepBusySeconds;
    public double StepOccupancySeconds;
    public long StepPromptTokens;
    public long StepGeneratedTokens;

    // Gauges at the last step boundary.
    public double KvUsage;
    public int ContextRequests;
    public long ContextTokens;
}
