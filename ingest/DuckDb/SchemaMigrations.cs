using DuckDB.NET.Data;

namespace Observability.Ingest.DuckDb;

/// <summary>
/// The ordered schema history. Never edit or reorder an entry that has shipped; append.
/// <para>
/// Appending a <c>GpuField</c> or <c>ServingField</c> to its catalogue needs exactly one line here:
/// <c>new(N, "add &lt;column&gt;", AddCatalogueColumns)</c>. Version 1 builds the tables from the current
/// catalogues, so on a new file that step finds nothing to add, while on an older file it adds the column;
/// both end at the same version. If the line is forgotten, <see cref="SchemaVerifier"/> refuses to start
/// and names the missing column, rather than letting the positional appender write into the wrong column.
/// </para>
/// </summary>
internal static class SchemaMigrations
{
    public static readonly IReadOnlyList<SchemaMigration> All =
    [
        new(1, "create the telemetry tables from the field catalogues", CreateTables),
        new(2, "add request_events and the ingest_batches ledger", CreateTables),
        new(3, "add slo_results and alert_states", CreateTables),
        new(4, "add the price-book history and the cost allocation ledger", CostSchema.Create),
    ];

    public static void CreateTables(DuckDBConnection connection)
    {
        foreach (var table in DuckDbSchema.DataTables)
        {
            Execute(connection, table.CreateStatement);
        }
    }

    /// <summary>Adds every catalogue column a table lacks; existing columns are left alone, so it is safe to repeat.</summary>
    public static void AddCatalogueColumns(DuckDBConnection connection)
    {
        foreach (var table in DuckDbSchema.DataTables)
        {
            foreach (var column in table.Columns)
            {
                Execute(connection, $"ALTER TABLE {table.Quoted} ADD COLUMN IF NOT EXISTS {column.Quoted} {column.SqlType}");
            }
        }
    }

    internal static void Execute(DuckDBConnection connection, string statement)
    {
        using var command = connection.CreateCommand();
        command.CommandText = statement;
        command.ExecuteNonQuery();
    }
}
