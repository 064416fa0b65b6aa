namespace Observability.Ingest.Model;

/// <summary>
/// Which model server a serving row is about. Shared between the rows of the same series set.
/// <paramref name="Source"/> is the kind of server: <c>vllm</c>, <c>triton</c> or <c>trtllm</c>.
/// </summary>
public sealed record ServingIdentity(
    string Cluster,
    string Node,
    string Source,
    string Model,
    string ModelVersion,
    string Engine,
    string GpuUuid,
    string Namespace,
    string Pod,
    string TenantHint);
