using DuckDB.NET.Data;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.Ingest.DuckDb;

/// <summary>Reads of the wide GPU and serving rows.</summary>
internal static class SampleQueries
{
    private static readonly string GpuSql =
        $"SELECT {DuckDbSchema.GpuSamples.SelectList} FROM {DuckDbSchema.GpuSamples.Quoted} WHERE {RangeQuery.Where} " +
        // Ties beyond the documented order are broken on every remaining key so results are deterministic.
        $"ORDER BY ts, {GpuIdentityColumns.Uuid}, {GpuIdentityColumns.MigInstanceId}, target, " +
        $"{string.Join(", ", GpuIdentityColumns.All.Select(c => Sql.Quote(c.Name)))}";

    private static readonly string ServingSql =
        $"SELECT {DuckDbSchema.ServingSamples.SelectList} FROM {DuckDbSchema.ServingSamples.Quoted} WHERE {RangeQuery.Where} " +
        $"ORDER BY ts, target, {ServingIdentityColumns.Model}, {ServingIdentityColumns.Engine}, " +
        $"{string.Join(", ", ServingIdentityColumns.All.Select(c => Sql.Quote(c.Name)))}";

    public static List<GpuSample> ReadGpu(DuckDBConnection connection, TimeRange range)
    {
        var identities = new HashSet<GpuIdentity>();
        var first = DuckDbSchema.GpuValuesOrdinal;
        return RangeQuery.Read(connection, GpuSql, range, r =>
        {
            var gpu = RangeQuery.Intern(identities, GpuIdentityColumns.Read(r, DuckDbSchema.IdentityOrdinal));
            var values = ReadValues(r, first, GpuFieldCatalog.Count);
            return new GpuSample(Sql.ReadUtc(r, 0), Sql.ReadString(r, 1), gpu, values);
        });
    }

    public static List<ServingSample> ReadServing(DuckDBConnection connection, TimeRange range)
    {
        var identities = new HashSet<ServingIdentity>();
        var first = DuckDbSchema.ServingValuesOrdinal;
        return RangeQuery.Read(connection, ServingSql, range, r =>
        {
            var server = RangeQuery.Intern(identities, ServingIdentityColumns.Read(r, DuckDbSchema.IdentityOrdinal));
            var values = ReadValues(r, first, ServingFieldCatalog.Count);
            return new ServingSample(Sql.ReadUtc(r, 0), Sql.ReadString(r, 1), server, values);
        });
    }

    /// <summary>The wide row's value columns, NULL read back as NaN.</summary>
    private static double[] ReadValues(System.Data.Common.DbDataReader r, int first, int count)
    {
        var values = new double[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Sql.ReadDouble(r, first + i);
        }

        return values;
    }
}
