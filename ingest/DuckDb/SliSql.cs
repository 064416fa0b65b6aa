using System.Globalization;
using DuckDB.NET.Data;
using Observability.Ingest.Contract;

namespace Observability.Ingest.DuckDb;

/// <summary>
/// Builds the counting statement of an <see cref="SliQuery"/>: an inner select that yields one (bucket, group, total,
/// good) contribution per stored row, and an outer sum. Values travel as parameters; only column names and the
/// bucket width (an integer) are written into the text.
/// </summary>
internal sealed class SliSql
{
    private readonly List<DuckDBParameter> _parameters = [];

    private SliSql()
    {
    }

    public string Text { get; private set; } = string.Empty;

    public IReadOnlyList<DuckDBParameter> Parameters => _parameters;

    /// <summary>With <paramref name="bucketSeconds"/> the first column is the bucket's start in epoch seconds.</summary>
    public static SliSql Build(SliQuery query, long? bucketSeconds)
    {
        var sql = new SliSql();
        var bucket = bucketSeconds is { } s
            ? $"CAST(floor(epoch({DuckDbSchema.Ts}) / {s.ToString(CultureInfo.InvariantCulture)}) AS BIGINT) * {s.ToString(CultureInfo.InvariantCulture)}"
            : "0";
        var inner = query.Source switch
        {
            SliSource.RequestEvents => sql.EventsInner(query, bucket),
            SliSource.ServingHistograms => sql.HistogramInner(query, bucket),
            SliSource.ServingCounters => sql.CountersInner(query, bucket),
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.Source, "unknown SLI source"),
        };
        sql.Text = $"SELECT b, g, coalesce(sum(t), 0)::DOUBLE, coalesce(sum(ok), 0)::DOUBLE FROM ({inner}) GROUP BY b, g ORDER BY b, g";
        return sql;
    }

    private string EventsInner(SliQuery query, string bucket)
    {
        var good = new List<string>();
        var measured = new List<string>();
        if (query.RequireSuccess)
        {
            good.Add("status = 'success'");
        }

        AddThreshold("ttft_seconds", query.MaxTtftSeconds, good, measured);
        AddThreshold("inter_token_seconds", query.MaxInterTokenSeconds, good, measured);
        AddThreshold("e2e_seconds", query.MaxE2eSeconds, good, measured);
        var where = new List<string> { RangeQuery.Where };
        AddIn("model", query.Models, where);
        AddIn("deployment", query.Deployments, where);
        AddIn("tenant", query.Tenants, where);
        if (query.OnlyMeasured)
        {
            where.AddRange(measured);
        }

        var goodExpr = good.Count == 0 ? "TRUE" : string.Join(" AND ", good);
        var group = query.GroupByTenant ? "tenant" : "''";
        return $"SELECT {bucket} AS b, {group} AS g, 1 AS t, CASE WHEN {goodExpr} THEN 1 ELSE 0 END AS ok " +
               $"FROM {DuckDbSchema.RequestEvents.Quoted} WHERE {string.Join(" AND ", where)}";
    }

    private string HistogramInner(SliQuery query, string bucket)
    {
        var where = new List<string> { RangeQuery.Where, $"metric = {Add(query.HistogramMetric ?? string.Empty)}" };
        AddIn(ServingIdentityColumns.Model, query.Models, where);
        var threshold = Add(query.HistogramThreshold ?? double.NaN);

        // Unnesting both lists in one select pairs each bucket's increase with its bound.
        return $"SELECT b, '' AS g, c AS t, CASE WHEN ub <= {threshold} THEN c ELSE 0 END AS ok FROM " +
               $"(SELECT {bucket} AS b, unnest(bucket_counts) AS c, unnest(upper_bounds) AS ub " +
               $"FROM {DuckDbSchema.ServingHistograms.Quoted} WHERE {string.Join(" AND ", where)})";
    }

    private string CountersInner(SliQuery query, string bucket)
    {
        var where = new List<string> { RangeQuery.Where };
        AddIn(ServingIdentityColumns.Model, query.Models, where);
        return $"SELECT {bucket} AS b, '' AS g, coalesce(requests_succeeded, 0) + coalesce(requests_failed, 0) AS t, " +
               $"coalesce(requests_succeeded, 0) AS ok FROM {DuckDbSchema.ServingSamples.Quoted} WHERE {string.Join(" AND ", where)}";
    }

    private void AddThreshold(string column, double? max, List<string> good, List<string> measured)
    {
        if (max is { } value)
        {
            good.Add($"coalesce({column} <= {Add(value)}, FALSE)");
            measured.Add($"{column} IS NOT NULL");
        }
    }

    private void AddIn(string column, IReadOnlyList<string> values, List<string> where)
    {
        if (values.Count > 0)
        {
            where.Add($"{column} IN ({string.Join(", ", values.Select(v => Add(v)))})");
        }
    }

    private string Add(object value)
    {
        var name = "p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add(new DuckDBParameter(name, value));
        return "$" + name;
    }
}
