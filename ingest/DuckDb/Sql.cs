using System.Data.Common;

namespace Observability.Ingest.DuckDb;

/// <summary>Small helpers shared by the statements; values always travel as parameters or through the appender.</summary>
internal static class Sql
{
    /// <summary>Quotes an identifier: column names come from catalogues and some (<c>count</c>, <c>sum</c>) are function names.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// DuckDB's TIMESTAMP has no zone; rows are UTC by contract. Local times are converted, and the kind is dropped
    /// so that no layer applies a session time zone.
    /// </summary>
    public static DateTime ToStored(DateTime t) =>
        DateTime.SpecifyKind(t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t, DateTimeKind.Unspecified);

    public static DateTime ReadUtc(DbDataReader reader, int ordinal) =>
        DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    /// <summary>NULL is how an absent value is stored; NaN is how the domain rows spell it.</summary>
    public static double ReadDouble(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? double.NaN : reader.GetDouble(ordinal);

    public static string ReadString(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? string.Empty : reader.GetString(ordinal);

    /// <summary>
    /// The same, returning one shared instance per distinct value: an aggregate of a month holds a few thousand
    /// distinct names over millions of cells, and keeping one copy each keeps the collector's live heap small.
    /// </summary>
    public static string ReadString(DbDataReader reader, int ordinal, HashSet<string> pool) =>
        RangeQuery.Intern(pool, ReadString(reader, ordinal));

    public static double[] ReadDoubles(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? [] : [.. reader.GetFieldValue<List<double>>(ordinal)];
}
