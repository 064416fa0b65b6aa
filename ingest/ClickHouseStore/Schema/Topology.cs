namespace Observability.ClickHouseStore.Schema;

/// <summary>
/// Where tables live and how DDL is spelt: one server, or a cluster (<c>ON CLUSTER</c> DDL, <c>Replicated*</c>
/// local tables named <c>*_local</c>, and <c>Distributed</c> tables under the plain names). Queries and inserts
/// always use the plain names, so nothing else in the store knows which it is.
/// </summary>
internal sealed class Topology(string database, string? cluster)
{
    public const string LocalSuffix = "_local";

    public string Database { get; } = database;

    public string? Cluster { get; } = cluster;

    public bool IsCluster => Cluster is not null;

    /// <summary>The name queries and inserts use: the table itself, or the Distributed table in front of the shards.</summary>
    public string Table(string name) => $"{ChSql.Ident(Database)}.{ChSql.Ident(name)}";

    /// <summary>Where rows are physically stored (the replicated local table on a cluster).</summary>
    public string Storage(string name) => Table(IsCluster ? name + LocalSuffix : name);

    public string StorageName(string name) => IsCluster ? name + LocalSuffix : name;

    public string OnCluster => IsCluster ? $" ON CLUSTER {ChSql.Ident(Cluster!)}" : string.Empty;

    public string CreateDatabase() => $"CREATE DATABASE IF NOT EXISTS {ChSql.Ident(Database)}{OnCluster}";

    /// <summary>The statements that create a table: one on a single server; local then Distributed on a cluster.</summary>
    public IEnumerable<string> Create(ChTable table, string shardingKey)
    {
        var columns = string.Join(", ", table.Columns.Select(c => $"{c.Quoted} {c.Type}"));
        var partition = table.PartitionBy.Length > 0 ? $" PARTITION BY {table.PartitionBy}" : string.Empty;
        var engine = IsCluster
            ? $"Replicated{table.Engine}('/clickhouse/tables/{{shard}}/{Database}/{table.Name}', '{{replica}}')"
            : table.Engine;
        yield return $"CREATE TABLE IF NOT EXISTS {Storage(table.Name)}{OnCluster} ({columns}) " +
                     $"ENGINE = {engine}{partition} ORDER BY {table.OrderBy}";
        if (IsCluster)
        {
            yield return $"CREATE TABLE IF NOT EXISTS {Table(table.Name)}{OnCluster} AS {Storage(table.Name)} " +
                         $"ENGINE = Distributed({ChSql.Ident(Cluster!)}, {ChSql.Ident(Database)}, {ChSql.Ident(StorageName(table.Name))}, {shardingKey})";
        }
    }

    /// <summary>A materialized view on the storage table, feeding the storage table of a rollup (per shard on a cluster).</summary>
    public string CreateView(string viewName, string targetTable, string select) =>
        $"CREATE MATERIALIZED VIEW IF NOT EXISTS {Storage(viewName)}{OnCluster} TO {Storage(targetTable)} AS {select}";

    /// <summary>Adds a column to the storage table (on a cluster the Distributed table needs the same, see the migration).</summary>
    public string AddColumn(string table, ChColumn column) =>
        $"ALTER TABLE {Storage(table)}{OnCluster} ADD COLUMN {column.Quoted} {column.Type}";
}
