namespace Observability.Simulator;

/// <summary>A fault that started on a GPU, for checking alerts against what really happened.</summary>
/// <param name="Node">Node name.</param>
/// <param name="Gpu">GPU index.</param>
/// <param name="Uuid">GPU UUID.</param>
/// <param name="Kind">What went wrong.</param>
/// <param name="XidCode">XID reported, for <see cref="FaultKind.Xid"/>; otherwise 0.</param>
/// <param name="Start">Simulated time it began.</param>
/// <param name="End">Simulated time it ends (or ended; earlier if a later fault replaced it).</param>
public sealed record FaultRecord(string Node, int Gpu, string Uuid, FaultKind Kind, int XidCode, DateTimeOffset Start, DateTimeOffset End);
