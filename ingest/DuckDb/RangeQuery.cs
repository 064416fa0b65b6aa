using System.Data.Common;
using DuckDB.NET.Data;
using Observability.Ingest.Contract;

namespace Observability.Ingest.DuckDb;

/// <summary>Runs a statement restricted to a <see cref="TimeRange"/> (bound as <c>$from</c>/<c>$to</c>) and maps every row.</summary>
internal static class RangeQuery
{
    /// <summary>The half-open range filter every read uses, so reads and aggregates agree on the edges.</summary>
    public const string Where = $"{DuckDbSchema.Ts} >= $from AND {DuckDbSchema.Ts} < $to";

    public static List<T> Read<T>(
        DuckDBConnection connection,
        string sql,
        TimeRange range,
        Func<DbDataReader, T> map,
        params DuckDBParameter[] extra)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new DuckDBParameter("from", Sql.ToStored(range.From)));
        command.Parameters.Add(new DuckDBParameter("to", Sql.ToStored(range.To)));
        foreach (var parameter in extra)
        {
            command.Parameters.Add(parameter);
        }

        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>
    /// Returns one shared instance per distinct identity, as the collectors do: rows of one GPU or server then
    /// carry a reference, not thirteen fresh strings each.
    /// </summary>
    public static T Intern<T>(HashSet<T> seen, T identity)
    {
        if (seen.TryGetValue(identity, out var existing))
        {
            return existing;
        }

        seen.Add(identity);
        return identity;
    }
}
