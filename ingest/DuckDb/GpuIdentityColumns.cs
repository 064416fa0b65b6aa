using System.Data.Common;
using Observability.Ingest.Model;

namespace Observability.Ingest.DuckDb;

/// <summary>
/// The <see cref="GpuIdentity"/> columns, in table order. <see cref="Read"/> must list the record's
/// properties in the same order as <see cref="All"/>; the round-trip tests use a distinct value per column to hold it.
/// </summary>
internal static class GpuIdentityColumns
{
    public const string Uuid = "uuid";
    public const string MigInstanceId = "mig_instance_id";
    public const string Node = "node";
    public const string ModelName = "model_name";

    public static readonly IReadOnlyList<IdentityColumn<GpuIdentity>> All =
    [
        new("cluster", g => g.Cluster),
        new(Node, g => g.Node),
        new("gpu", g => g.GpuIndex),
        new(Uuid, g => g.Uuid),
        new("pci_bus_id", g => g.PciBusId),
        new("device", g => g.Device),
        new(ModelName, g => g.ModelName),
        new("mig_profile", g => g.MigProfile),
        new(MigInstanceId, g => g.MigInstanceId),
        new("driver_version", g => g.DriverVersion),
        new("namespace", g => g.Namespace),
        new("pod", g => g.Pod),
        new("container", g => g.Container),
    ];

    public static GpuIdentity Read(DbDataReader r, int first) => new(
        Sql.ReadString(r, first),
        Sql.ReadString(r, first + 1),
        Sql.ReadString(r, first + 2),
        Sql.ReadString(r, first + 3),
        Sql.ReadString(r, first + 4),
        Sql.ReadString(r, first + 5),
        Sql.ReadString(r, first + 6),
        Sql.ReadString(r, first + 7),
        Sql.ReadString(r, first + 8),
        Sql.ReadString(r, first + 9),
        Sql.ReadString(r, first + 10),
        Sql.ReadString(r, first + 11),
        Sql.ReadString(r, first + 12));
}
