using Observability.ClickHouseStore.Schema;
using Observability.ClickHouseStore.Writing;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Model;

namespace Observability.ClickHouseStore.Reading;

/// <summary>Reads of histograms, raw samples, scrape outcomes and request events.</summary>
internal static class EventQueries
{
    private static readonly string[] HistogramNames =
        [ChSchema.TsUs, ChSchema.Target, .. ServingIdentityColumns.All.Select(c => c.Name), "metric", "upper_bounds", "bucket_counts", "count", "sum"];

    private static readonly string HistogramOrder =
        $"ORDER BY ts_us, target, {ServingIdentityColumns.Model}, metric, " +
        string.Join(", ", ServingIdentityColumns.All.Select(c => ChSql.Ident(c.Name)));

    private static readonly string[] RawNames = [ChSchema.TsUs, ChSchema.Target, "name", "labels", "value"];

    private static readonly string[] StatusNames = [ChSchema.TsUs, ChSchema.Target, "job", "up", "duration_seconds", "samples", "error"];

    private static readonly string[] RequestNames =
        [ChSchema.TsUs, .. ChSchema.RequestEvents.Columns.Skip(2).Select(c => c.Name).Where(n => n is not (ChSchema.BatchId or ChSchema.BatchChunk))];

    public static async Task<List<ServingHistogram>> ReadHistogramsAsync(
        ChConnection connection, Topology topology, TimeRange range, string? metric, CancellationToken ct)
    {
        var filter = metric is null ? string.Empty : $" AND metric = {ChSql.Literal(metric)}";
        var sql = Select(HistogramNames, topology.Table(ChSchema.ServingHistograms.Name), range) + filter + " " + HistogramOrder;
        var result = (await connection.QueryAsync(sql, ct).ConfigureAwait(false)).Expect(HistogramNames);
        var identities = new HashSet<ServingIdentity>();
        var rows = new List<ServingHistogram>();
        while (result.NextRow())
        {
            rows.Add(new ServingHistogram(
                Timestamps.FromMicros(result.Int64()),
                result.String(),
                RangeQuery.Intern(identities, SampleQueries.ReadServer(result)),
                result.String(),
                result.DoubleArray(),
                result.DoubleArray(),
                result.Double(),
                result.Double()));
        }

        return rows;
    }

    public static async Task<List<RawSample>> ReadRawAsync(ChConnection connection, Topology topology, TimeRange range, CancellationToken ct)
    {
        var sql = Select(RawNames, topology.Table(ChSchema.RawSamples.Name), range) + " ORDER BY ts_us, target, name, labels, value";
        var result = (await connection.QueryAsync(sql, ct).ConfigureAwait(false)).Expect(RawNames);
        var rows = new List<RawSample>();
        while (result.NextRow())
        {
            rows.Add(new RawSample(Timestamps.FromMicros(result.Int64()), result.String(), result.String(), result.String(), result.Double()));
        }

        return rows;
    }

    public static async Task<List<ScrapeStatus>> ReadStatusesAsync(ChConnection connection, Topology topology, TimeRange range, CancellationToken ct)
    {
        var sql = Select(StatusNames, topology.Table(ChSchema.ScrapeStatus.Name), range) + " ORDER BY ts_us, target, job";
        var result = (await connection.QueryAsync(sql, ct).ConfigureAwait(false)).Expect(StatusNames);
        var rows = new List<ScrapeStatus>();
        while (result.NextRow())
        {
            rows.Add(new ScrapeStatus(
                Timestamps.FromMicros(result.Int64()),
                result.String(),
                result.String(),
                result.Int64() != 0,
                result.Double(),
                checked((int)result.Int64()),
                result.String()));
        }

        return rows;
    }

    public static async Task<List<RequestEvent>> ReadRequestsAsync(ChConnection connection, Topology topology, TimeRange range, CancellationToken ct)
    {
        var sql = Select(RequestNames, topology.Table(ChSchema.RequestEvents.Name), range) + " ORDER BY ts_us, request_id";
        var r = (await connection.QueryAsync(sql, ct).ConfigureAwait(false)).Expect(RequestNames);
        var rows = new List<RequestEvent>();
        while (r.NextRow())
        {
            rows.Add(new RequestEvent
            {
                Timestamp = Timestamps.FromMicros(r.Int64()),
                RequestId = r.String(),
                Tenant = r.String(),
                Model = r.String(),
                Deployment = r.String(),
                Route = r.String(),
                Operation = r.String(),
                Provider = r.String(),
                Status = RequestStatusNames.Parse(r.String()),
                ErrorType = r.String(),
                InputTokens = r.NullableInt64(),
                OutputTokens = r.NullableInt64(),
                CachedInputTokens = r.NullableInt64(),
                TtftSeconds = r.Double(),
                InterTokenSeconds = r.Double(),
                E2eSeconds = r.Double(),
                QueueSeconds = r.Double(),
                Cluster = r.String(),
                Namespace = r.String(),
                Pod = r.String(),
                Node = r.String(),
                GpuUuid = r.String(),
            });
        }

        return rows;
    }

    private static string Select(IEnumerable<string> names, string table, TimeRange range) =>
        $"SELECT {string.Join(", ", names.Select(ChSql.Ident))} FROM {table} WHERE {RangeFilter.Where(range)}";
}
