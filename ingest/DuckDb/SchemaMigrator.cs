using DuckDB.NET.Data;

namespace Observability.Ingest.DuckDb;

/// <summary>
/// Brings a database to the newest schema version: each missing migration runs once, inside a transaction
/// together with its <c>schema_migrations</c> row, so a crash mid-step leaves the version unrecorded and the step is retried.
/// </summary>
internal sealed class SchemaMigrator(DuckDBConnection connection, TimeProvider timeProvider, IReadOnlyList<SchemaMigration> migrations)
{
    public void Migrate()
    {
        CheckOrdered();
        SchemaMigrations.Execute(
            connection,
            $"CREATE TABLE IF NOT EXISTS {DuckDbSchema.MigrationsTable} " +
            "(version INTEGER PRIMARY KEY, description VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)");

        var applied = ReadAppliedVersions();
        var newest = migrations.Count == 0 ? 0 : migrations[^1].Version;
        if (applied.Count > 0 && applied.Max() > newest)
        {
            // An older build must not write into a schema it does not know.
            throw new InvalidOperationException(
                $"the database is at schema version {applied.Max()}, newer than this build's {newest}");
        }

        foreach (var migration in migrations.Where(m => !applied.Contains(m.Version)))
        {
            Apply(migration);
        }

        SchemaVerifier.Verify(connection);
    }

    public static int ReadVersion(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT coalesce(max(version), 0) FROM {DuckDbSchema.MigrationsTable}";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private void Apply(SchemaMigration migration)
    {
        using var transaction = connection.BeginTransaction();
        migration.Apply(connection);
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText =
                $"INSERT INTO {DuckDbSchema.MigrationsTable} (version, description, applied_at) VALUES ($version, $description, $appliedAt)";
            insert.Parameters.Add(new DuckDBParameter("version", migration.Version));
            insert.Parameters.Add(new DuckDBParameter("description", migration.Description));
            insert.Parameters.Add(new DuckDBParameter("appliedAt", Sql.ToStored(timeProvider.GetUtcNow().UtcDateTime)));
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private HashSet<int> ReadAppliedVersions()
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT version FROM {DuckDbSchema.MigrationsTable}";
        using var reader = command.ExecuteReader();
        var versions = new HashSet<int>();
        while (reader.Read())
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

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
