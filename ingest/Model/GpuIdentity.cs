namespace Observability.Ingest.Model;

/// <summary>
/// Who a GPU row is about. One instance is shared by every row of the same GPU (or MIG instance)
/// until a label changes, so rows carry a reference rather than a copy of these strings.
/// </summary>
public sealed record GpuIdentity(
    string Cluster,
    string Node,
    string GpuIndex,
    string Uuid,
    string PciBusId,
    string Device,
    string ModelName,
    string MigProfile,
    string MigInstanceId,
    string DriverVersion,
    string Namespace,
    string Pod,
    string Container)
{
    /// <summary>A MIG instance is a GPU of its own for accounting: the parent UUID plus the instance id.</summary>
    public bool IsMig => MigInstanceId.Length > 0;
}
