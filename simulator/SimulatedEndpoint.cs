using Observability.Simulator.Implementation.Rendering;

namespace Observability.Simulator;

/// <summary>
/// One /metrics page of the fleet, independent of how it is served: its dialect, its route
/// (<c>/dcgm/{node}/metrics</c>, <c>/vllm/{replica}/metrics</c> or <c>/triton/{replica}/metrics</c>),
/// the node it runs on and the target labels a scraper should attach.
/// </summary>
public sealed record SimulatedEndpoint
{
    internal SimulatedEndpoint(TargetKind kind, string path, string node, IReadOnlyDictionary<string, string> labels, IEndpointRenderer renderer)
    {
        Kind = kind;
        Path = path;
        Node = node;
        Labels = labels;
        Renderer = renderer;
    }

    public TargetKind Kind { get; }

    /// <summary>Route on the simulator's HTTP server, starting with '/'.</summary>
    public string Path { get; }

    /// <summary>Node name; for a serving replica, the node of its GPUs.</summary>
    public string Node { get; }

    /// <summary>cluster and node always; model, replica, namespace and pod for serving endpoints.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; }

    internal IEndpointRenderer Renderer { get; }
}
