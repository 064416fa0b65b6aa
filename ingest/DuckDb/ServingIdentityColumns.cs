using System.Data.Common;
using Observability.Ingest.Model;

namespace Observability.Ingest.DuckDb;

/// <summary>
/// The <see cref="ServingIdentity"/> columns, in table order. <see cref="Read"/> must list the record's
/// properties in the same order as <see cref="All"/>; the round-trip tests use a distinct value per column to hold it.
/// </summary>
internal static class ServingIdentityColumns
{
    public const string Source = "source";
    public const string Model = "model";
    public const string Engine = "engine";

    public static readonly IReadOnlyList<IdentityColumn<ServingIdentity>> All =
    [
        new("cluster", s => s.Cluster),
        new("node", s => s.Node),
        new(Source, s => s.Source),
        new(Model, s => s.Model),
        new("model_version", s => s.ModelVersion),
        new(Engine, s => s.Engine),
        new("gpu_uuid", s => s.GpuUuid),
        new("namespace", s => s.Namespace),
        new("pod", s => s.Pod),
        new("tenant_hint", s => s.TenantHint),
    ];

    public static ServingIdentity Read(DbDataReader r, int first) => new(
        Sql.ReadString(r, first),
        Sql.ReadString(r, first + 1),
        Sql.ReadString(r, first + 2),
        Sql.ReadString(r, first + 3),
        Sql.ReadString(r, first + 4),
        Sql.ReadString(r, first + 5),
        Sql.ReadString(r, first + 6),
        Sql.ReadString(r, first + 7),
        Sql.ReadString(r, first + 8),
        Sql.ReadString(r, first + 9));
}
