namespace Observability.Simulator.Implementation;

/// <summary>The simulated hardware and serving topology, built once by <see cref="FleetBuilder"/>.</summary>
internal sealed class Fleet(SimNode[] nodes, SimModel[] models, SimReplica[] replicas, string[] tenants)
{
    public SimNode[] Nodes { get; } = nodes;

    /// <summary>Physical GPUs in node then index order.</summary>
    public IReadOnlyList<SimDevice> Gpus { get; } = [.. nodes.SelectMany(n => n.Gpus)];

    /// <summary>Physical GPUs each followed by its MIG instances: every entity DCGM reports.</summary>
    public IReadOnlyList<SimDevice> Devices { get; } = [.. nodes.SelectMany(n => n.Gpus).SelectMany(g => g.Instances.Prepend(g))];

    public SimModel[] Models { get; } = models;

    public SimReplica[] Replicas { get; } = replicas;

    public string[] Tenants { get; } = tenants;

    public SimDevice FindGpu(string node, int gpu)
    {
        var n = Array.Find(Nodes, x => x.Name == node) ?? throw new ArgumentException($"No node named '{node}'.", nameof(node));
        if (gpu < 0 || gpu >= n.Gpus.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(gpu), gpu, $"Node '{node}' has {n.Gpus.Count} GPUs.");
        }

        return n.Gpus[gpu];
    }
}
