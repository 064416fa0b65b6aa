using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Model;
using Observability.Ingest.Tests.Support;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Ingest.Tests.DuckDb;

public sealed class DuckDbSchemaTests
{
    private static readonly SchemaMigration[] VersionOneOnly = [SchemaMigrations.All[0]];

    private static readonly SchemaMigration[] WithAppendedField =
        [SchemaMigrations.All[0], new(2, "add the appended field", SchemaMigrations.AddCatalogueColumns)];

    [Fact]
    public async Task InitializeAsync_CalledTwiceInMemory_OneMigrationRecordedAndVersionUnchanged()
    {
        await using var store = StoreSql.InMemory();

        await store.InitializeAsync(CancellationToken.None);
        await store.InitializeAsync(CancellationToken.None);

        Assert.Equal(SchemaMigrations.All.Count, await store.GetSchemaVersionAsync(CancellationToken.None));
        Assert.Equal(SchemaMigrations.All.Count, await StoreSql.CountAsync(store, "SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task InitializeAsync_ExistingFileReopened_NoMigrationRepeatedAndDataKept()
    {
        using var file = new TempDatabase();
        var options = new DuckDbStoreOptions { DataSource = file.Path };
        await using (var first = new DuckDbTelemetryStore(options))
        {
            await first.WriteAsync(Batch(GpuRow(T0, Gpu())), CancellationToken.None);
        }

        await using var second = new DuckDbTelemetryStore(options);
        await second.InitializeAsync(CancellationToken.None);

        Assert.Equal(SchemaMigrations.All.Count, await second.GetSchemaVersionAsync(CancellationToken.None));
        Assert.Equal(SchemaMigrations.All.Count, await StoreSql.CountAsync(second, "SELECT count(*) FROM schema_migrations"));
        Assert.Single(await second.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None));
    }

    [Fact]
    public async Task InitializeAsync_NewDatabase_GpuColumnsFollowIdentityThenCatalogue()
    {
        await using var store = StoreSql.InMemory();
        await store.InitializeAsync(CancellationToken.None);

        var columns = await StoreSql.ColumnsAsync(store, "gpu_samples");

        string[] identity =
        [
            "cluster", "node", "gpu", "uuid", "pci_bus_id", "device", "model_name", "mig_profile", "mig_instance_id",
            "driver_version", "namespace", "pod", "container",
        ];
        Assert.Equal(["ts", "target", .. identity, .. GpuFieldCatalog.All.Select(f => f.Column)], columns);
    }

    [Fact]
    public async Task InitializeAsync_FieldAppendedWithoutMigration_RefusesToStartNamingTheColumn()
    {
        using var file = new TempDatabase();
        await CreateDatabaseWithoutLastGpuField(file.Path);

        await using var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = file.Path }, TimeProvider.System, VersionOneOnly);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync(CancellationToken.None));

        Assert.Contains(GpuFieldCatalog.All[^1].Column, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_FieldAppendedWithMigrationEntry_ColumnAddedAndVersionRecorded()
    {
        using var file = new TempDatabase();
        await CreateDatabaseWithoutLastGpuField(file.Path);
        var options = new DuckDbStoreOptions { DataSource = file.Path };
        var row = GpuRow(T0, Gpu());
        row.Values[^1] = 42;

        await using var store = new DuckDbTelemetryStore(options, TimeProvider.System, WithAppendedField);
        await store.InitializeAsync(CancellationToken.None);
        await store.WriteAsync(Batch(row), CancellationToken.None);

        Assert.Equal(2, await store.GetSchemaVersionAsync(CancellationToken.None));
        Assert.Equal(GpuFieldCatalog.All[^1].Column, (await StoreSql.ColumnsAsync(store, "gpu_samples"))[^1]);
        Assert.Equal(42, Assert.Single(await store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None)).Values[^1]);
    }

    [Fact]
    public async Task InitializeAsync_NewDatabaseWithAppendMigration_EndsAtSameVersionAsMigratedOne()
    {
        await using var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = ":memory:" }, TimeProvider.System, WithAppendedField);

        await store.InitializeAsync(CancellationToken.None);

        Assert.Equal(2, await store.GetSchemaVersionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task InitializeAsync_DatabaseNewerThanBuild_Refuses()
    {
        using var file = new TempDatabase();
        var options = new DuckDbStoreOptions { DataSource = file.Path };
        await using (var newer = new DuckDbTelemetryStore(options, TimeProvider.System, WithAppendedField))
        {
            await newer.InitializeAsync(CancellationToken.None);
        }

        await using var older = new DuckDbTelemetryStore(options, TimeProvider.System, VersionOneOnly);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => older.InitializeAsync(CancellationToken.None));

        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_MigrationFailsHalfway_NothingKeptAndRetriedOnNextStart()
    {
        using var file = new TempDatabase();
        var options = new DuckDbStoreOptions { DataSource = file.Path };
        SchemaMigration failing = new(2, "fails after its first statement", c =>
        {
            SchemaMigrations.Execute(c, "CREATE TABLE half_done (x INTEGER)");
            throw new InvalidOperationException("migration failed");
        });
        await using (var broken = new DuckDbTelemetryStore(options, TimeProvider.System, [SchemaMigrations.All[0], failing]))
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => broken.InitializeAsync(CancellationToken.None));
        }

        await using var fixedStore = new DuckDbTelemetryStore(options, TimeProvider.System, WithAppendedField);
        await fixedStore.InitializeAsync(CancellationToken.None);

        Assert.Equal(2, await fixedStore.GetSchemaVersionAsync(CancellationToken.None));
        Assert.Equal(0, await StoreSql.CountAsync(fixedStore, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'half_done'"));
        Assert.Equal(
            "add the appended field",
            await StoreSql.ScalarAsync(fixedStore, "SELECT description FROM schema_migrations WHERE version = 2"));
    }

    [Fact]
    public async Task ReadGpuSamplesAsync_FileWithMemoryLimit_ReaderConnectionOpensWithSameSettings()
    {
        using var file = new TempDatabase();
        await using var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = file.Path, MemoryLimit = "256MB" });
        await store.WriteAsync(Batch(GpuRow(T0, Gpu())), CancellationToken.None);

        Assert.Single(await store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None));
        Assert.Equal("244.1 MiB", await StoreSql.ScalarAsync(store, "SELECT current_setting('memory_limit')"));
    }

    /// <summary>Simulates a file written by a build whose catalogue did not yet have the last GPU field.</summary>
    private static async Task CreateDatabaseWithoutLastGpuField(string path)
    {
        await using var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = path }, TimeProvider.System, VersionOneOnly);
        await store.InitializeAsync(CancellationToken.None);
        await StoreSql.ExecuteAsync(store, $"ALTER TABLE gpu_samples DROP COLUMN {GpuFieldCatalog.All[^1].Column}");
    }
}
