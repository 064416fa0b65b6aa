using System.Data.Common;
using DuckDB.NET.Data;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.Ingest.DuckDb;

/// <summary>Reads of request events and the per-tenant usage aggregate.</summary>
internal static class RequestQueries
{
    private static readonly TableDefinition Events = DuckDbSchema.RequestEvents;

    private static readonly string EventsSql =
        $"SELECT {Events.SelectList} FROM {Events.Quoted} WHERE {RangeQuery.Where} ORDER BY ts, request_id";

    private static readonly string UsageSql =
        "SELECT tenant, model, count(*), count(*) FILTER (WHERE status <> 'success'), " +
        "coalesce(sum(input_tokens), 0)::BIGINT, coalesce(sum(output_tokens), 0)::BIGINT, " +
        "coalesce(sum(cached_input_tokens), 0)::BIGINT " +
        $"FROM {Events.Quoted} WHERE {RangeQuery.Where} GROUP BY 1, 2 ORDER BY 1, 2";

    public static List<RequestEvent> ReadEvents(DuckDBConnection connection, TimeRange range) =>
        RangeQuery.Read(connection, EventsSql, range, r => new RequestEvent
        {
            Timestamp = Sql.ReadUtc(r, 0),
            RequestId = Sql.ReadString(r, 1),
            Tenant = Sql.ReadString(r, 2),
            Model = Sql.ReadString(r, 3),
            Deployment = Sql.ReadString(r, 4),
            Route = Sql.ReadString(r, 5),
            Operation = Sql.ReadString(r, 6),
            Provider = Sql.ReadString(r, 7),
            Status = RequestStatusNames.Parse(Sql.ReadString(r, 8)),
            ErrorType = Sql.ReadString(r, 9),
            InputTokens = ReadLong(r, 10),
            OutputTokens = ReadLong(r, 11),
            CachedInputTokens = ReadLong(r, 12),
            TtftSeconds = Sql.ReadDouble(r, 13),
            InterTokenSeconds = Sql.ReadDouble(r, 14),
            E2eSeconds = Sql.ReadDouble(r, 15),
            QueueSeconds = Sql.ReadDouble(r, 16),
            Cluster = Sql.ReadString(r, 17),
            Namespace = Sql.ReadString(r, 18),
            Pod = Sql.ReadString(r, 19),
            Node = Sql.ReadString(r, 20),
            GpuUuid = Sql.ReadString(r, 21),
        });

    public static List<TenantUsage> TenantUsage(DuckDBConnection connection, TimeRange range) =>
        RangeQuery.Read(connection, UsageSql, range, r => new TenantUsage(
            Sql.ReadString(r, 0),
            Sql.ReadString(r, 1),
            r.GetInt64(2),
            r.GetInt64(3),
            r.GetInt64(4),
            r.GetInt64(5),
            r.GetInt64(6)));

    private static long? ReadLong(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
