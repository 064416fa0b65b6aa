using Observability.ClickHouseStore.Schema;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Model;

namespace Observability.ClickHouseStore.Reading;

/// <summary>Aggregates computed by ClickHouse from the hourly rollups plus the raw rows at the range's edges.</summary>
internal static class AggregateQueries
{
    private static readonly string Util = GpuFieldCatalog.Get(GpuField.GpuUtilPct).Column;

    /// <summary>Only increase fields are summed: a sum of gauges (queue lengths, cache usage) has no meaning.</summary>
    private static readonly ServingFieldInfo[] SummedFields =
        [.. ServingFieldCatalog.All.Where(f => f.Kind == MetricKind.Increase)];

    public static async Task<List<GpuUtilization>> GpuUtilizationAsync(ChConnection connection, Topology topology, TimeRange range, CancellationToken ct)
    {
        var query = new RollupQuery(
            Rollups.GpuHourly.Keys,
            topology.Table(ChSchema.GpuSamples.Name),
            topology.Table(Rollups.GpuHourly.Table.Name),
            [
                new("count()", Rollups.RowCount),
                new($"sum(ifNull({ChSql.Ident(Util)}, 0))", Rollups.SumColumn(Util)),
                new($"count({ChSql.Ident(Util)})", Rollups.CountColumn(Util)),
            ]);
        var r = (await connection.QueryAsync(query.Sql(range), ct).ConfigureAwait(false)).Expect(query.Names);
        var rows = new List<GpuUtilization>();
        while (r.NextRow())
        {
            var (uuid, mig, node, model) = (r.String(), r.String(), r.String(), r.String());
            var count = r.Int64();
            var sum = r.Double();
            var reported = r.Int64();
            rows.Add(new GpuUtilization(uuid, mig, node, model, count, reported == 0 ? double.NaN : sum / reported));
        }

        return rows;
    }

    public static async Task<List<ModelServingTotals>> ModelTotalsAsync(ChConnection connection, Topology topology, TimeRange range, CancellationToken ct)
    {
        var query = new RollupQuery(
            Rollups.ServingHourly.Keys,
            topology.Table(ChSchema.ServingSamples.Name),
            topology.Table(Rollups.ServingHourly.Table.Name),
            [
                .. SummedFields.SelectMany(f => new Measure[]
                {
                    new($"sum(ifNull({ChSql.Ident(f.Column)}, 0))", Rollups.SumColumn(f.Column)),
                    new($"count({ChSql.Ident(f.Column)})", Rollups.CountColumn(f.Column)),
                }),
            ]);
        var r = (await connection.QueryAsync(query.Sql(range), ct).ConfigureAwait(false)).Expect(query.Names);
        var rows = new List<ModelServingTotals>();
        while (r.NextRow())
        {
            var (model, source) = (r.String(), r.String());
            var sums = ServingSample.NewValues();
            foreach (var field in SummedFields)
            {
                var sum = r.Double();
                var reported = r.Int64();
                sums[(int)field.Field] = reported == 0 ? double.NaN : sum;
            }

            rows.Add(new ModelServingTotals(model, source, sums));
        }

        return rows;
    }

    public static async Task<List<TenantUsage>> TenantUsageAsync(ChConnection connection, Topology topology, TimeRange range, CancellationToken ct)
    {
        var query = new RollupQuery(
            Rollups.RequestsHourly.Keys,
            topology.Table(ChSchema.RequestEvents.Name),
            topology.Table(Rollups.RequestsHourly.Table.Name),
            [
                new("count()", "requests"),
                new("countIf(status != 'success')", "failed"),
                new("sum(ifNull(input_tokens, 0))", "input_tokens"),
                new("sum(ifNull(output_tokens, 0))", "output_tokens"),
                new("sum(ifNull(cached_input_tokens, 0))", "cached_input_tokens"),
            ]);
        var r = (await connection.QueryAsync(query.Sql(range), ct).ConfigureAwait(false)).Expect(query.Names);
        var rows = new List<TenantUsage>();
        while (r.NextRow())
        {
            rows.Add(new TenantUsage(r.String(), r.String(), r.Int64(), r.Int64(), r.Int64(), r.Int64(), r.Int64()));
        }

        return rows;
    }
}
