namespace Observability.ClickHouseStore.Schema;

/// <summary>One schema step: the statements it runs, given the topology (one server or a cluster) and the columns present.</summary>
internal sealed record ChMigration(int Version, string Description, Func<MigrationContext, IEnumerable<string>> Statements);

/// <summary>What a migration step may consult: where tables live and which columns each storage table has now.</summary>
internal sealed record MigrationContext(Topology Topology, IReadOnlyDictionary<string, HashSet<string>> ExistingColumns);

/// <summary>
/// The ordered schema history. Never edit or reorder an entry that has shipped; append.
/// <para>
/// Appending a <c>GpuField</c> or <c>ServingField</c> to its catalogue needs exactly one line here:
/// <c>new(N, "add &lt;column&gt;", AddCatalogueColumns)</c>. Version 1 builds the tables from the current catalogues,
/// so on a new database that step finds nothing to add, while on an older one it adds the column; both end at the
/// same version. If the line is forgotten, <see cref="ChSchemaVerifier"/> refuses to start and names the column.
/// (The hourly rollups keep the fields they were created with; a rollup of a new field needs its own migration that
/// recreates the view.)
/// </para>
/// </summary>
internal static class ChMigrations
{
    public static readonly IReadOnlyList<ChMigration> All =
    [
        new(1, "create the telemetry tables, the batch ledger and the hourly rollups from the field catalogues", CreateTables),
        new(2, "add slo_results and alert_states", SloTables.Create),
        new(3, "add the price-book history, the cost allocation ledger and chargeback revisions", Cost.CostTables.Create),
    ];

    public static IEnumerable<string> CreateTables(MigrationContext context)
    {
        var topology = context.Topology;
        foreach (var table in ChSchema.DataTables.Append(ChSchema.IngestBatches))
        {
            foreach (var statement in topology.Create(table, ChSchema.ShardingKey))
            {
                yield return statement;
            }
        }

        foreach (var rollup in Rollups.All)
        {
            // Nothing inserts through a rollup's Distributed table (its view writes to the shard's own table).
            foreach (var statement in topology.Create(rollup.Table, "rand()"))
            {
                yield return statement;
            }

            yield return topology.CreateView(
                rollup.ViewName,
                rollup.Table.Name,
                rollup.Select.Replace("{source}", topology.Storage(rollup.Source.Name), StringComparison.Ordinal));
        }
    }

    /// <summary>Adds every catalogue column a data table lacks (18.16 has no ADD COLUMN IF NOT EXISTS, so it asks first).</summary>
    public static IEnumerable<string> AddCatalogueColumns(MigrationContext context)
    {
        foreach (var table in ChSchema.DataTables)
        {
            var existing = context.ExistingColumns.GetValueOrDefault(context.Topology.StorageName(table.Name)) ?? [];
            foreach (var column in table.Columns.Where(c => !existing.Contains(c.Name)))
            {
                yield return context.Topology.AddColumn(table.Name, column);
                if (context.Topology.IsCluster)
                {
                    yield return $"ALTER TABLE {context.Topology.Table(table.Name)}{context.Topology.OnCluster} " +
                                 $"ADD COLUMN {column.Quoted} {column.Type}";
                }
            }
        }
    }
}
