namespace Observability.Simulator;

/// <summary>A fault planned ahead: on GPU <paramref name="Gpu"/> of <paramref name="Node"/>, <paramref name="After"/> the simulation start.</summary>
/// <param name="Node">Node name, e.g. "gpu-node-0".</param>
/// <param name="Gpu">GPU index on the node (the dcgm <c>gpu</c> label).</param>
/// <param name="Kind">What goes wrong.</param>
/// <param name="After">Offset from the simulation start.</param>
/// <param name="Duration">How long the fault lasts.</param>
/// <param name="XidCode">XID to report for <see cref="FaultKind.Xid"/>; 0 picks one at random.</param>
public sealed record FaultSpec(string Node, int Gpu, FaultKind Kind, TimeSpan After, TimeSpan Duration, int XidCode = 0);
