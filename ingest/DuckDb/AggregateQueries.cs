using DuckDB.NET.Data;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.Ingest.DuckDb;

/// <summary>Aggregates computed by DuckDB, so only one row per group crosses into .NET.</summary>
internal static class AggregateQueries
{
    private static readonly string UtilizationSql =
        $"SELECT {GpuIdentityColumns.Uuid}, {GpuIdentityColumns.MigInstanceId}, {GpuIdentityColumns.Node}, {GpuIdentityColumns.ModelName}, " +
        $"count(*), avg({Sql.Quote(GpuFieldCatalog.Get(GpuField.GpuUtilPct).Column)}) " +
        $"FROM {DuckDbSchema.GpuSamples.Quoted} WHERE {RangeQuery.Where} " +
        "GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4";

    /// <summary>Only increase fields are summed: a sum of gauges (queue lengths, cache usage) has no meaning.</summary>
    private static readonly ServingFieldInfo[] SummedFields =
        [.. ServingFieldCatalog.All.Where(f => f.Kind == MetricKind.Increase)];

    private static readonly string ModelTotalsSql =
        $"SELECT {ServingIdentityColumns.Model}, {ServingIdentityColumns.Source}, " +
        $"{string.Join(", ", SummedFields.Select(f => $"sum({Sql.Quote(f.Column)})"))} " +
        $"FROM {DuckDbSchema.ServingSamples.Quoted} WHERE {RangeQuery.Where} " +
        "GROUP BY 1, 2 ORDER BY 1, 2";

    public static List<GpuUtilization> GpuUtilization(DuckDBConnection connection, TimeRange range) =>
        RangeQuery.Read(connection, UtilizationSql, range, r => new GpuUtilization(
            Sql.ReadString(r, 0),
            Sql.ReadString(r, 1),
            Sql.ReadString(r, 2),
            Sql.ReadString(r, 3),
            r.GetInt64(4),
            Sql.ReadDouble(r, 5)));

    public static List<ModelServingTotals> ModelTotals(DuckDBConnection connection, TimeRange range) =>
        RangeQuery.Read(connection, ModelTotalsSql, range, r =>
        {
            var sums = ServingSample.NewValues();
            for (var i = 0; i < SummedFields.Length; i++)
            {
                sums[(int)SummedFields[i].Field] = Sql.ReadDouble(r, 2 + i);
            }

            return new ModelServingTotals(Sql.ReadString(r, 0), Sql.ReadString(r, 1), sums);
        });
}
