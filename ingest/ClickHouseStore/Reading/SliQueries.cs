using System.Globalization;
using Observability.ClickHouseStore.Schema;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;

namespace Observability.ClickHouseStore.Reading;

/// <summary>
/// An <see cref="SliQuery"/> as ClickHouse SQL (18.16-compatible, values escaped client-side): an inner select with one
/// (bucket, group, total, good) contribution per stored row and an outer sum, the same shape as the DuckDB store's.
/// </summary>
internal static class SliQueries
{
    public static readonly string[] Names = ["b", "g", "total", "good"];

    public static string Counts(SliQuery query, Topology topology, TimeRange range, long? bucketSeconds)
    {
        var bucket = bucketSeconds is { } s
            ? $"intDiv(ts_us, {ChSql.Number(s * 1_000_000)}) * {ChSql.Number(s)}"
            : "toInt64(0)";
        var inner = query.Source switch
        {
            SliSource.RequestEvents => Events(query, topology, range, bucket),
            SliSource.ServingHistograms => Histograms(query, topology, range, bucket),
            SliSource.ServingCounters => Counters(query, topology, range, bucket),
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.Source, "unknown SLI source"),
        };
        return $"SELECT b, g, sum(t) AS total, sum(ok) AS good FROM ({inner}) GROUP BY b, g ORDER BY b, g";
    }

    public static string Bounds(string metric, IReadOnlyList<string> models, Topology topology, TimeRange range)
    {
        var where = new List<string> { RangeFilter.Where(range), $"metric = {ChSql.Literal(metric)}" };
        AddIn(ServingIdentityColumns.Model, models, where);
        return $"SELECT DISTINCT upper_bounds FROM {topology.Table(ChSchema.ServingHistograms.Name)} WHERE {string.Join(" AND ", where)}";
    }

    private static string Events(SliQuery query, Topology topology, TimeRange range, string bucket)
    {
        var good = new List<string>();
        var measured = new List<string>();
        if (query.RequireSuccess)
        {
            good.Add("status = 'success'");
        }

        Threshold("ttft_seconds", query.MaxTtftSeconds, good, measured);
        Threshold("inter_token_seconds", query.MaxInterTokenSeconds, good, measured);
        Threshold("e2e_seconds", query.MaxE2eSeconds, good, measured);
        var where = new List<string> { RangeFilter.Where(range) };
        AddIn("model", query.Models, where);
        AddIn("deployment", query.Deployments, where);
        AddIn("tenant", query.Tenants, where);
        if (query.OnlyMeasured)
        {
            where.AddRange(measured);
        }

        var goodExpr = good.Count == 0 ? "1" : string.Join(" AND ", good);
        var group = query.GroupByTenant ? "tenant" : "''";
        return $"SELECT {bucket} AS b, {group} AS g, toFloat64(1) AS t, toFloat64(if({goodExpr}, 1, 0)) AS ok " +
               $"FROM {topology.Table(ChSchema.RequestEvents.Name)} WHERE {string.Join(" AND ", where)}";
    }

    private static string Histograms(SliQuery query, Topology topology, TimeRange range, string bucket)
    {
        var where = new List<string> { RangeFilter.Where(range), $"metric = {ChSql.Literal(query.HistogramMetric ?? string.Empty)}" };
        AddIn(ServingIdentityColumns.Model, query.Models, where);
        var threshold = Float(query.HistogramThreshold ?? double.NaN);
        return $"SELECT {bucket} AS b, '' AS g, arraySum(bucket_counts) AS t, " +
               $"arraySum(arrayFilter((c, ub) -> ub <= {threshold}, bucket_counts, upper_bounds)) AS ok " +
               $"FROM {topology.Table(ChSchema.ServingHistograms.Name)} WHERE {string.Join(" AND ", where)}";
    }

    private static string Counters(SliQuery query, Topology topology, TimeRange range, string bucket)
    {
        var where = new List<string> { RangeFilter.Where(range) };
        AddIn(ServingIdentityColumns.Model, query.Models, where);
        return $"SELECT {bucket} AS b, '' AS g, ifNull(requests_succeeded, 0) + ifNull(requests_failed, 0) AS t, " +
               $"ifNull(requests_succeeded, 0) AS ok FROM {topology.Table(ChSchema.ServingSamples.Name)} WHERE {string.Join(" AND ", where)}";
    }

    /// <summary>A latency at or under the threshold; an absent latency (NULL) does not meet it.</summary>
    private static void Threshold(string column, double? max, List<string> good, List<string> measured)
    {
        if (max is { } value)
        {
            good.Add($"ifNull({column} <= {Float(value)}, 0)");
            measured.Add($"isNotNull({column})");
        }
    }

    private static void AddIn(string column, IReadOnlyList<string> values, List<string> where)
    {
        if (values.Count > 0)
        {
            where.Add($"{column} IN ({string.Join(", ", values.Select(ChSql.Literal))})");
        }
    }

    private static string Float(double value) =>
        double.IsFinite(value) ? $"toFloat64({value.ToString("R", CultureInfo.InvariantCulture)})" : throw new ArgumentOutOfRangeException(nameof(value), value, "a threshold must be finite");
}
