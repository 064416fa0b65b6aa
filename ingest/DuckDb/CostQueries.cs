using System.Globalization;
using DuckDB.NET.Data;
using Observability.Ingest.Contract;

namespace Observability.Ingest.DuckDb;

/// <summary>The aggregates cost attribution reads: DuckDB groups the raw rows, .NET sees one row per group.</summary>
internal static class CostQueries
{
    /// <summary>
    /// Slots a GPU reported in each hour. When an hour holds at most 64 slots (one-minute slots: 60), each row sets
    /// its slot's bit and the bits are counted: a plain OR per group instead of a hash set per group, which made the
    /// distinct count the bulk of a month's allocation. Finer slots fall back to the exact distinct count.
    /// </summary>
    private const string SlotBitsCount =
        "bit_count(bit_or(1::UBIGINT << ((epoch_ms(ts) // $slot_ms) % $slots_per_hour)::INTEGER))::INTEGER";

    private const string SlotDistinctCount = "count(DISTINCT epoch_ms(ts) // $slot_ms)::INTEGER";

    private static readonly string GpuHoursSqlBits = GpuHoursSql(SlotBitsCount);

    private static readonly string GpuHoursSqlDistinct = GpuHoursSql(SlotDistinctCount);

    // Rejected requests never reached a GPU, so they carry no share of its cost.
    private static readonly string RequestHoursSql =
        "SELECT date_trunc('hour', ts), namespace, deployment, pod, model, tenant, count(*), " +
        "coalesce(sum(input_tokens), 0)::BIGINT, coalesce(sum(output_tokens), 0)::BIGINT, coalesce(sum(cached_input_tokens), 0)::BIGINT " +
        $"FROM {DuckDbSchema.RequestEvents.Quoted} WHERE {RangeQuery.Where} AND status <> 'rejected' " +
        "GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6";

    private static readonly string AllocationsSql =
        $"SELECT {CostSchema.AllocationColumns} FROM {CostSchema.Allocations} WHERE hour >= $from AND hour < $to " +
        "ORDER BY hour, kind, tenant, model, namespace, deployment";

    public static List<GpuHourUsage> GpuHours(DuckDBConnection connection, TimeRange range, TimeSpan slot)
    {
        var slotMs = (long)slot.TotalMilliseconds;
        var hourMs = (long)TimeSpan.FromHours(1).TotalMilliseconds;
        var bits = slotMs > 0 && hourMs % slotMs == 0 && hourMs / slotMs <= 64;
        var names = new HashSet<string>(StringComparer.Ordinal);
        return RangeQuery.Read(
            connection,
            bits ? GpuHoursSqlBits : GpuHoursSqlDistinct,
            range,
            r => new GpuHourUsage(
                Sql.ReadUtc(r, 0),
                Sql.ReadString(r, 1, names),
                Sql.ReadString(r, 2, names),
                Sql.ReadString(r, 3, names),
                Sql.ReadString(r, 4, names),
                Sql.ReadString(r, 5, names),
                Sql.ReadString(r, 6, names),
                Sql.ReadString(r, 7, names),
                Sql.ReadString(r, 8, names),
                r.GetInt32(9),
                Sql.ReadDouble(r, 10),
                Sql.ReadDouble(r, 11)),
            [new DuckDBParameter("slot_ms", slotMs), .. bits ? [new DuckDBParameter("slots_per_hour", hourMs / slotMs)] : Array.Empty<DuckDBParameter>()]);
    }

    private static string GpuHoursSql(string slotCount) =>
        $"SELECT date_trunc('hour', ts), cluster, node, uuid, mig_instance_id, mig_profile, model_name, namespace, pod, " +
        $"{slotCount}, avg(gpu_util_pct), coalesce(sum(energy_mj), 0) " +
        $"FROM {DuckDbSchema.GpuSamples.Quoted} WHERE {RangeQuery.Where} " +
        "GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9";

    public static List<RequestHourUsage> RequestHours(DuckDBConnection connection, TimeRange range)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        return RangeQuery.Read(connection, RequestHoursSql, range, r => new RequestHourUsage(
            Sql.ReadUtc(r, 0),
            Sql.ReadString(r, 1, names),
            Sql.ReadString(r, 2, names),
            Sql.ReadString(r, 3, names),
            Sql.ReadString(r, 4, names),
            Sql.ReadString(r, 5, names),
            r.GetInt64(6),
            r.GetInt64(7),
            r.GetInt64(8),
            r.GetInt64(9)));
    }

    public static List<CostAllocationLine> Allocations(DuckDBConnection connection, TimeRange range) =>
        RangeQuery.Read(connection, AllocationsSql, range, ReadLine);

    public static List<CostAllocationLine> FrozenLines(DuckDBConnection connection, string month, int revision) =>
        RangeQuery.Read(
            connection,
            $"SELECT {CostSchema.AllocationColumns} FROM {CostSchema.FrozenLines} WHERE month = $month AND revision = $revision AND $from <= $to ORDER BY seq",
            TimeRange.All,
            ReadLine,
            new DuckDBParameter("month", month),
            new DuckDBParameter("revision", revision));

    public static List<ChargebackRevision> Revisions(DuckDBConnection connection, string month) =>
        RangeQuery.Read(
            connection,
            $"SELECT month, revision, created_at, created_by, reason, price_book_version FROM {CostSchema.Revisions} " +
            "WHERE month = $month AND $from <= $to ORDER BY revision",
            TimeRange.All,
            r => new ChargebackRevision(r.GetString(0), r.GetInt32(1), Sql.ReadUtc(r, 2), r.GetString(3), r.GetString(4), r.GetInt32(5)),
            new DuckDBParameter("month", month));

    public static int AddRevision(DuckDBConnection connection, ChargebackRevision revision, IReadOnlyList<CostAllocationLine> lines)
    {
        using var transaction = connection.BeginTransaction();
        int number;
        using (var next = connection.CreateCommand())
        {
            next.CommandText = $"SELECT coalesce(max(revision), 0) + 1 FROM {CostSchema.Revisions} WHERE month = $month";
            next.Parameters.Add(new DuckDBParameter("month", revision.Month));
            number = Convert.ToInt32(next.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = $"INSERT INTO {CostSchema.Revisions} VALUES ($month, $revision, $at, $by, $reason, $book)";
            insert.Parameters.Add(new DuckDBParameter("month", revision.Month));
            insert.Parameters.Add(new DuckDBParameter("revision", number));
            insert.Parameters.Add(new DuckDBParameter("at", Sql.ToStored(revision.CreatedAt)));
            insert.Parameters.Add(new DuckDBParameter("by", revision.CreatedBy));
            insert.Parameters.Add(new DuckDBParameter("reason", revision.Reason));
            insert.Parameters.Add(new DuckDBParameter("book", revision.PriceBookVersion));
            insert.ExecuteNonQuery();
        }

        using (var appender = connection.CreateAppender(CostSchema.FrozenLines))
        {
            var seq = 0;
            foreach (var line in lines)
            {
                AppendLine(appender.CreateRow().AppendValue(revision.Month).AppendValue(number).AppendValue(seq++), line);
            }
        }

        transaction.Commit();
        return number;
    }

    private static CostAllocationLine ReadLine(System.Data.Common.DbDataReader r) => new(
        Sql.ReadUtc(r, 0),
        CostLineKindNames.Parse(Sql.ReadString(r, 1)),
        Sql.ReadString(r, 2),
        Sql.ReadString(r, 3),
        Sql.ReadString(r, 4),
        Sql.ReadString(r, 5),
        r.GetDecimal(6),
        r.GetDouble(7),
        r.GetInt64(8),
        r.GetInt64(9),
        r.GetInt64(10),
        r.GetInt64(11),
        Sql.ReadDouble(r, 12),
        r.GetInt32(13));

    private static void AppendLine(IDuckDBAppenderRow row, CostAllocationLine l) =>
        row.AppendValue(Sql.ToStored(l.Hour))
            .AppendValue(CostLineKindNames.Of(l.Kind))
            .AppendValue(l.Tenant)
            .AppendValue(l.Model)
            .AppendValue(l.Namespace)
            .AppendValue(l.Deployment)
            .AppendValue(l.Cost)
            .AppendValue(l.GpuHours)
            .AppendValue(l.Requests)
            .AppendValue(l.InputTokens)
            .AppendValue(l.OutputTokens)
            .AppendValue(l.CachedInputTokens)
            .AppendValue(double.IsNaN(l.MeanUtilPct) ? null : (double?)l.MeanUtilPct)
            .AppendValue(l.PriceBookVersion)
            .EndRow();

    public static List<PriceBookVersion> PriceBooks(DuckDBConnection connection) =>
        RangeQuery.Read(
            connection,
            $"SELECT version, loaded_at, sha256, source, loaded_by, reason, text FROM {CostSchema.PriceBooks} " +
            "WHERE $from <= $to ORDER BY version",
            TimeRange.All,
            r => new PriceBookVersion(r.GetInt32(0), Sql.ReadUtc(r, 1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6)));

    /// <summary>Appends the version with the next number; the caller holds the write gate, so numbers cannot collide.</summary>
    public static int AddPriceBook(DuckDBConnection connection, PriceBookVersion document)
    {
        using var transaction = connection.BeginTransaction();
        int version;
        using (var next = connection.CreateCommand())
        {
            next.CommandText = $"SELECT coalesce(max(version), 0) + 1 FROM {CostSchema.PriceBooks}";
            version = Convert.ToInt32(next.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = $"INSERT INTO {CostSchema.PriceBooks} VALUES ($v, $at, $sha, $source, $by, $reason, $text)";
            insert.Parameters.Add(new DuckDBParameter("v", version));
            insert.Parameters.Add(new DuckDBParameter("at", Sql.ToStored(document.LoadedAt)));
            insert.Parameters.Add(new DuckDBParameter("sha", document.Sha256));
            insert.Parameters.Add(new DuckDBParameter("source", document.Source));
            insert.Parameters.Add(new DuckDBParameter("by", document.LoadedBy));
            insert.Parameters.Add(new DuckDBParameter("reason", document.Reason));
            insert.Parameters.Add(new DuckDBParameter("text", document.Text));
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return version;
    }

    public static void ReplaceAllocations(DuckDBConnection connection, TimeRange range, IReadOnlyList<CostAllocationLine> lines)
    {
        foreach (var line in lines)
        {
            if (!range.Contains(line.Hour))
            {
                throw new ArgumentException($"allocation line at {line.Hour:O} lies outside the replaced range", nameof(lines));
            }
        }

        using var transaction = connection.BeginTransaction();
        using (var delete = connection.CreateCommand())
        {
            delete.CommandText = $"DELETE FROM {CostSchema.Allocations} WHERE hour >= $from AND hour < $to";
            delete.Parameters.Add(new DuckDBParameter("from", Sql.ToStored(range.From)));
            delete.Parameters.Add(new DuckDBParameter("to", Sql.ToStored(range.To)));
            delete.ExecuteNonQuery();
        }

        using (var appender = connection.CreateAppender(CostSchema.Allocations))
        {
            foreach (var line in lines)
            {
                AppendLine(appender.CreateRow(), line);
            }
        }

        transaction.Commit();
    }

}
