using DuckDB.NET.Data;

namespace Observability.Ingest.DuckDb;

/// <summary>
/// Checks every table's physical columns against its definition. The appender fills columns by position, so a
/// table that drifted from the catalogue (a field appended without a migration) must stop the store, not skew rows.
/// </summary>
internal static class SchemaVerifier
{
    public static void Verify(DuckDBConnection connection)
    {
        var problems = new List<string>();
        foreach (var table in DuckDbSchema.DataTables)
        {
            var actual = ReadColumns(connection, table.Name);
            var expected = table.Columns.Select(c => $"{c.Name} {c.SqlType}").ToList();
            if (actual.SequenceEqual(expected, StringComparer.Ordinal))
            {
                continue;
            }

            var missing = expected.Except(actual, StringComparer.Ordinal).ToList();
            var unexpected = actual.Except(expected, StringComparer.Ordinal).ToList();
            problems.Add(
                $"{table.Name}: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}]" +
                (missing.Count + unexpected.Count == 0 ? " (columns out of order)" : string.Empty));
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                "the DuckDB schema does not match the field catalogues; append a migration to SchemaMigrations " +
                "(AddCatalogueColumns adds appended fields). " + string.Join("; ", problems));
        }
    }

    private static List<string> ReadColumns(DuckDBConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT column_name, data_type FROM information_schema.columns " +
            "WHERE table_schema = 'main' AND table_name = $table ORDER BY ordinal_position";
        command.Parameters.Add(new DuckDBParameter("table", table));
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read())
        {
            columns.Add($"{reader.GetString(0)} {reader.GetString(1)}");
        }

        return columns;
    }
}
