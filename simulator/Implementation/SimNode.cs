namespace Observability.Simulator.Implementation;

/// <summary>A node: its name (the dcgm Hostname) and its GPUs in index order.</summary>
internal sealed class SimNode(int index, string name, SkuSpec spec)
{
    public int Index { get; } = index;

    public string Name { get; } = name;

    public SkuSpec Spec { get; } = spec;

    public List<SimDevice> Gpus { get; } = [];
}
