using Observability.ClickHouseStore.Writing;

namespace Observability.ClickHouseStore.Schema;

/// <summary>
/// Brings a database (or, on a cluster, every node's) to the newest schema version. ClickHouse DDL is not
/// transactional, so every step is idempotent instead (<c>IF NOT EXISTS</c>, columns added only when missing) and its
/// version is recorded in <c>schema_migrations</c> only after all its statements succeeded: a step interrupted
/// part-way is simply run again.
/// </summary>
internal sealed class ChSchemaMigrator(ChConnection connection, Topology topology, TimeProvider time, IReadOnlyList<ChMigration> migrations)
{
    public async Task MigrateAsync(CancellationToken ct)
    {
        CheckOrdered();
        await connection.ExecuteAsync(topology.CreateDatabase(), ct).ConfigureAwait(false);
        foreach (var statement in topology.Create(ChSchema.Migrations, "version"))
        {
            await connection.ExecuteAsync(statement, ct).ConfigureAwait(false);
        }

        var applied = await ReadAppliedAsync(ct).ConfigureAwait(false);
        var newest = migrations.Count == 0 ? 0 : migrations[^1].Version;
        if (applied.Count > 0 && applied.Max() > newest)
        {
            // An older build must not write into a schema it does not know.
            throw new InvalidOperationException($"the ClickHouse database is at schema version {applied.Max()}, newer than this build's {newest}");
        }

        foreach (var migration in migrations.Where(m => !applied.Contains(m.Version)))
        {
            var columns = await ChSchemaReader.ColumnsAsync(connection, topology.Database, ct).ConfigureAwait(false);
            var context = new MigrationContext(
                topology,
                columns.ToDictionary(t => t.Key, t => t.Value.Keys.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal));
            foreach (var statement in migration.Statements(context).ToList())
            {
                await connection.ExecuteAsync(statement, ct).ConfigureAwait(false);
            }

            await RecordAsync(migration, ct).ConfigureAwait(false);
        }

        ChSchemaVerifier.Verify(topology, await ChSchemaReader.ColumnsAsync(connection, topology.Database, ct).ConfigureAwait(false));
    }

    public static async Task<int> ReadVersionAsync(ChConnection connection, Topology topology, CancellationToken ct)
    {
        var result = (await connection.QueryAsync($"SELECT max(version) AS version FROM {topology.Table(ChSchema.MigrationsTable)}", ct)
            .ConfigureAwait(false)).Expect(["version"]);
        return result.NextRow() ? checked((int)result.Int64()) : 0;
    }

    private async Task<HashSet<int>> ReadAppliedAsync(CancellationToken ct)
    {
        var result = (await connection.QueryAsync($"SELECT DISTINCT version FROM {topology.Table(ChSchema.MigrationsTable)}", ct)
            .ConfigureAwait(false)).Expect(["version"]);
        var versions = new HashSet<int>();
        while (result.NextRow())
        {
            versions.Add(checked((int)result.Int64()));
        }

        return versions;
    }

    private Task RecordAsync(ChMigration migration, CancellationToken ct) =>
        connection.InsertRowsAsync(topology.Table(ChSchema.MigrationsTable), ChSchema.Migrations.ColumnList, [migration], (buffer, m) =>
        {
            buffer.UInt32((uint)m.Version);
            buffer.String(m.Description);
            buffer.UInt32(Timestamps.Seconds(Timestamps.ToMicros(time.GetUtcNow().UtcDateTime)));
        }, ct);

    private void CheckOrdered()
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException(
                    $"schema migrations must be numbered 1, 2, 3…; entry {i} has version {migrations[i].Version}");
            }
        }
    }
}
