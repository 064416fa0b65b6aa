using DuckDB.NET.Data;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.Ingest.DuckDb;

/// <summary>Reads of histograms, raw samples and scrape outcomes.</summary>
internal static class EventQueries
{
    private static readonly TableDefinition Histograms = DuckDbSchema.ServingHistograms;

    private static readonly string HistogramOrder =
        $"ORDER BY ts, target, {ServingIdentityColumns.Model}, metric, " +
        $"{string.Join(", ", ServingIdentityColumns.All.Select(c => Sql.Quote(c.Name)))}";

    private static readonly string AllHistogramsSql =
        $"SELECT {Histograms.SelectList} FROM {Histograms.Quoted} WHERE {RangeQuery.Where} {HistogramOrder}";

    private static readonly string OneMetricSql =
        $"SELECT {Histograms.SelectList} FROM {Histograms.Quoted} WHERE {RangeQuery.Where} AND metric = $metric {HistogramOrder}";

    private static readonly string RawSql =
        $"SELECT {DuckDbSchema.RawSamples.SelectList} FROM {DuckDbSchema.RawSamples.Quoted} WHERE {RangeQuery.Where} " +
        "ORDER BY ts, target, name, labels, value";

    private static readonly string StatusSql =
        $"SELECT {DuckDbSchema.ScrapeStatus.SelectList} FROM {DuckDbSchema.ScrapeStatus.Quoted} WHERE {RangeQuery.Where} " +
        "ORDER BY ts, target, job";

    public static List<ServingHistogram> ReadHistograms(DuckDBConnection connection, TimeRange range, string? metric)
    {
        var identities = new HashSet<ServingIdentity>();
        var metricOrdinal = Histograms.Ordinal("metric");
        return RangeQuery.Read(
            connection,
            metric is null ? AllHistogramsSql : OneMetricSql,
            range,
            r => new ServingHistogram(
                Sql.ReadUtc(r, 0),
                Sql.ReadString(r, 1),
                RangeQuery.Intern(identities, ServingIdentityColumns.Read(r, DuckDbSchema.IdentityOrdinal)),
                Sql.ReadString(r, metricOrdinal),
                Sql.ReadDoubles(r, metricOrdinal + 1),
                Sql.ReadDoubles(r, metricOrdinal + 2),
                Sql.ReadDouble(r, metricOrdinal + 3),
                Sql.ReadDouble(r, metricOrdinal + 4)),
            metric is null ? [] : [new DuckDBParameter("metric", metric)]);
    }

    public static List<RawSample> ReadRaw(DuckDBConnection connection, TimeRange range) =>
        RangeQuery.Read(connection, RawSql, range, r => new RawSample(
            Sql.ReadUtc(r, 0),
            Sql.ReadString(r, 1),
            Sql.ReadString(r, 2),
            Sql.ReadString(r, 3),
            Sql.ReadDouble(r, 4)));

    public static List<ScrapeStatus> ReadStatuses(DuckDBConnection connection, TimeRange range) =>
        RangeQuery.Read(connection, StatusSql, range, r => new ScrapeStatus(
            Sql.ReadUtc(r, 0),
            Sql.ReadString(r, 1),
            Sql.ReadString(r, 2),
            !r.IsDBNull(3) && r.GetBoolean(3),
            Sql.ReadDouble(r, 4),
            r.IsDBNull(5) ? 0 : r.GetInt32(5),
            Sql.ReadString(r, 6)));
}
