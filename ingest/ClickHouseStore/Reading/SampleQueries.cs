using Observability.ClickHouseStore.Schema;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Model;

namespace Observability.ClickHouseStore.Reading;

/// <summary>Reads of the wide GPU and serving rows, in the contract's order (ties broken as the DuckDB store breaks them).</summary>
internal static class SampleQueries
{
    private static readonly string[] GpuNames =
        [ChSchema.TsUs, ChSchema.Target, .. GpuIdentityColumns.All.Select(c => c.Name), .. GpuFieldCatalog.All.Select(f => f.Column)];

    private static readonly string[] ServingNames =
        [ChSchema.TsUs, ChSchema.Target, .. ServingIdentityColumns.All.Select(c => c.Name), .. ServingFieldCatalog.All.Select(f => f.Column)];

    private static readonly string GpuOrder =
        $"ORDER BY ts_us, {GpuIdentityColumns.Uuid}, {GpuIdentityColumns.MigInstanceId}, target, " +
        string.Join(", ", GpuIdentityColumns.All.Select(c => ChSql.Ident(c.Name)));

    private static readonly string ServingOrder =
        $"ORDER BY ts_us, target, {ServingIdentityColumns.Model}, {ServingIdentityColumns.Engine}, " +
        string.Join(", ", ServingIdentityColumns.All.Select(c => ChSql.Ident(c.Name)));

    public static async Task<List<GpuSample>> ReadGpuAsync(ChConnection connection, Topology topology, TimeRange range, CancellationToken ct)
    {
        var sql = $"SELECT {string.Join(", ", GpuNames.Select(ChSql.Ident))} FROM {topology.Table(ChSchema.GpuSamples.Name)} " +
                  $"WHERE {RangeFilter.Where(range)} {GpuOrder}";
        var result = (await connection.QueryAsync(sql, ct).ConfigureAwait(false)).Expect(GpuNames);
        var identities = new HashSet<GpuIdentity>();
        var rows = new List<GpuSample>();
        while (result.NextRow())
        {
            var ts = Writing.Timestamps.FromMicros(result.Int64());
            var target = result.String();
            var gpu = RangeQuery.Intern(identities, new GpuIdentity(
                result.String(), result.String(), result.String(), result.String(), result.String(), result.String(), result.String(),
                result.String(), result.String(), result.String(), result.String(), result.String(), result.String()));
            rows.Add(new GpuSample(ts, target, gpu, ReadValues(result, GpuFieldCatalog.Count)));
        }

        return rows;
    }

    public static async Task<List<ServingSample>> ReadServingAsync(ChConnection connection, Topology topology, TimeRange range, CancellationToken ct)
    {
        var sql = $"SELECT {string.Join(", ", ServingNames.Select(ChSql.Ident))} FROM {topology.Table(ChSchema.ServingSamples.Name)} " +
                  $"WHERE {RangeFilter.Where(range)} {ServingOrder}";
        var result = (await connection.QueryAsync(sql, ct).ConfigureAwait(false)).Expect(ServingNames);
        var identities = new HashSet<ServingIdentity>();
        var rows = new List<ServingSample>();
        while (result.NextRow())
        {
            var ts = Writing.Timestamps.FromMicros(result.Int64());
            var target = result.String();
            var server = RangeQuery.Intern(identities, ReadServer(result));
            rows.Add(new ServingSample(ts, target, server, ReadValues(result, ServingFieldCatalog.Count)));
        }

        return rows;
    }

    /// <summary>The <see cref="ServingIdentity"/> columns in <see cref="ServingIdentityColumns.All"/> order.</summary>
    public static ServingIdentity ReadServer(TsvResult r) => new(
        r.String(), r.String(), r.String(), r.String(), r.String(), r.String(), r.String(), r.String(), r.String(), r.String());

    private static double[] ReadValues(TsvResult result, int count)
    {
        var values = new double[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = result.Double();
        }

        return values;
    }
}
