using DuckDB.NET.Data;
using Observability.Ingest.Contract;

namespace Observability.Ingest.DuckDb;

/// <summary>Statements of the SLO results history and the alert-state table.</summary>
internal static class SloStateSql
{
    private static readonly TableDefinition Results = DuckDbSchema.SloResults;
    private static readonly TableDefinition Alerts = DuckDbSchema.AlertStates;

    private static readonly string ResultsSql =
        $"SELECT {Results.SelectList} FROM {Results.Quoted} WHERE {RangeQuery.Where} ORDER BY ts, slo, grp, \"window\"";

    public static void AppendResults(DuckDBConnection connection, IReadOnlyList<SloResultRow> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        using var appender = connection.CreateAppender(Results.Name);
        foreach (var row in rows)
        {
            appender.CreateRow()
                .AppendValue(Sql.ToStored(row.Timestamp))
                .AppendValue(row.Slo)
                .AppendValue(row.Group)
                .AppendValue(row.Window)
                .AppendValue(row.Total)
                .AppendValue(row.Good)
                .AppendValue(Nullable(row.Sli))
                .AppendValue(Nullable(row.BurnRate))
                .AppendValue(Nullable(row.BudgetRemaining))
                .EndRow();
        }
    }

    public static List<SloResultRow> ReadResults(DuckDBConnection connection, TimeRange range) =>
        RangeQuery.Read(connection, ResultsSql, range, r => new SloResultRow(
            Sql.ReadUtc(r, 0),
            Sql.ReadString(r, 1),
            Sql.ReadString(r, 2),
            Sql.ReadString(r, 3),
            r.GetDouble(4),
            r.GetDouble(5),
            Sql.ReadDouble(r, 6),
            Sql.ReadDouble(r, 7),
            Sql.ReadDouble(r, 8)));

    public static List<AlertStateRow> ReadAlertStates(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Alerts.SelectList} FROM {Alerts.Quoted} ORDER BY alert_key";
        using var reader = command.ExecuteReader();
        var rows = new List<AlertStateRow>();
        while (reader.Read())
        {
            rows.Add(new AlertStateRow(
                Sql.ReadString(reader, 0),
                Sql.ReadString(reader, 1),
                Sql.ReadString(reader, 2),
                Sql.ReadString(reader, 3),
                Sql.ReadUtc(reader, 4),
                ReadUtcOrNull(reader, 5),
                ReadUtcOrNull(reader, 6),
                ReadUtcOrNull(reader, 7)));
        }

        return rows;
    }

    /// <summary>Delete-then-insert per key inside one transaction: an upsert without needing a primary key on the table.</summary>
    public static void SaveAlertStates(DuckDBConnection connection, IReadOnlyList<AlertStateRow> upserts, IReadOnlyList<string> deletes)
    {
        using var transaction = connection.BeginTransaction();
        foreach (var key in deletes.Concat(upserts.Select(u => u.Key)))
        {
            using var delete = connection.CreateCommand();
            delete.CommandText = $"DELETE FROM {Alerts.Quoted} WHERE alert_key = $key";
            delete.Parameters.Add(new DuckDBParameter("key", key));
            delete.ExecuteNonQuery();
        }

        foreach (var row in upserts)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO {Alerts.Quoted} VALUES ($k, $s, $l, $a, $since, $fired, $resolved, $sent)";
            insert.Parameters.Add(new DuckDBParameter("k", row.Key));
            insert.Parameters.Add(new DuckDBParameter("s", row.State));
            insert.Parameters.Add(new DuckDBParameter("l", row.Labels));
            insert.Parameters.Add(new DuckDBParameter("a", row.Annotations));
            insert.Parameters.Add(new DuckDBParameter("since", Sql.ToStored(row.ActiveSince)));
            insert.Parameters.Add(new DuckDBParameter("fired", Stored(row.FiredAt)));
            insert.Parameters.Add(new DuckDBParameter("resolved", Stored(row.ResolvedAt)));
            insert.Parameters.Add(new DuckDBParameter("sent", Stored(row.LastSentAt)));
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static double? Nullable(double value) => double.IsNaN(value) ? null : value;

    private static object Stored(DateTime? t) => t is { } value ? Sql.ToStored(value) : DBNull.Value;

    private static DateTime? ReadUtcOrNull(System.Data.Common.DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Sql.ReadUtc(reader, ordinal);
}
