namespace Observability.ClickHouseStore.Schema;

/// <summary>
/// A MergeTree table the store owns: its columns in insert order, its month partitioning and its sort key.
/// The same definition yields the single-server table or, on a cluster, the replicated local table and the
/// Distributed table in front of it (see <see cref="Topology"/>).
/// </summary>
internal sealed class ChTable
{
    public ChTable(string name, IEnumerable<ChColumn> columns, string partitionBy, string orderBy, string engine = "MergeTree")
    {
        Name = name;
        Columns = [.. columns];
        PartitionBy = partitionBy;
        OrderBy = orderBy;
        Engine = engine;
        ColumnList = string.Join(", ", Columns.Select(c => c.Quoted));
    }

    public string Name { get; }

    public IReadOnlyList<ChColumn> Columns { get; }

    /// <summary>An expression, or empty for an unpartitioned table.</summary>
    public string PartitionBy { get; }

    public string OrderBy { get; }

    /// <summary><c>MergeTree</c> or <c>SummingMergeTree</c>; the cluster form prefixes <c>Replicated</c>.</summary>
    public string Engine { get; }

    /// <summary>Every column, quoted, in definition order: what inserts list and the readers select.</summary>
    public string ColumnList { get; }

    public bool HasColumn(string name) => Columns.Any(c => c.Name == name);
}
