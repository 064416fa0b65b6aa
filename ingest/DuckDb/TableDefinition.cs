namespace Observability.Ingest.DuckDb;

/// <summary>
/// A table's columns in their physical order. The appender fills columns by position and the readers read
/// by ordinal, so this one list is the source of truth for DDL, writes and reads alike.
/// </summary>
internal sealed class TableDefinition
{
    public TableDefinition(string name, IEnumerable<ColumnDefinition> columns)
    {
        Name = name;
        Columns = [.. columns];
        SelectList = string.Join(", ", Columns.Select(c => c.Quoted));
    }

    public string Name { get; }

    public string Quoted => Sql.Quote(Name);

    public IReadOnlyList<ColumnDefinition> Columns { get; }

    /// <summary>Every column, quoted, in physical order: what the readers select.</summary>
    public string SelectList { get; }

    public string CreateStatement =>
        $"CREATE TABLE IF NOT EXISTS {Quoted} ({string.Join(", ", Columns.Select(c => $"{c.Quoted} {c.SqlType}"))})";

    public int Ordinal(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Name == column)
            {
                return i;
            }
        }

        throw new ArgumentException($"table {Name} has no column {column}", nameof(column));
    }
}
