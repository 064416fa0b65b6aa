using Observability.ClickHouseStore;
using Observability.ClickHouseStore.Schema;
using Observability.Contract.Tests.Support;
using Observability.Ingest.Contract;
using static Observability.Contract.Tests.Support.ChSqlProbe;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Contract.Tests.ClickHouse;

/// <summary>Versioned migrations and the schema check that guards them, on a real server.</summary>
[Collection(ClickHouseCollection.Name)]
public sealed class ClickHouseSchemaTests(ClickHouseFixture clickHouse)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task InitializeAsync_ColumnMissingWithoutAMigration_RefusesNamingIt_AndAddCatalogueColumnsRepairsIt()
    {
        var options = clickHouse.Options();
        await using (var first = new ClickHouseTelemetryStore(options))
        {
            await first.InitializeAsync(None);
            // What a database created before a field was appended looks like.
            await first.Connection.ExecuteAsync($"ALTER TABLE {Table(first, "gpu_samples")} DROP COLUMN pci_bus_id", None);
        }

        await using (var unmigrated = new ClickHouseTelemetryStore(options, TimeProvider.System, ChMigrations.All))
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => unmigrated.InitializeAsync(None));
            Assert.Contains("gpu_samples: missing [pci_bus_id String]", error.Message, StringComparison.Ordinal);
        }

        var next = ChMigrations.All.Count + 1;
        ChMigration[] withLine = [.. ChMigrations.All, new(next, "add pci_bus_id", ChMigrations.AddCatalogueColumns)];
        await using var migrated = new ClickHouseTelemetryStore(options, TimeProvider.System, withLine);
        await migrated.WriteAsync(Batch(GpuRow(T0, Gpu())), None);

        Assert.Equal(next, await migrated.GetSchemaVersionAsync(None));
        Assert.Equal(Gpu().PciBusId, Assert.Single(await migrated.ReadGpuSamplesAsync(TimeRange.All, None)).Gpu.PciBusId);
        await using var again = new ClickHouseTelemetryStore(options, TimeProvider.System, withLine);
        await again.InitializeAsync(None);
        Assert.Equal(Enumerable.Range(1, next).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)), (await ColumnAsync(again, $"SELECT version FROM {Table(again, "schema_migrations")} ORDER BY version")));
    }

    [Fact]
    public async Task InitializeAsync_DatabaseFromANewerBuild_Refused()
    {
        var options = clickHouse.Options();
        await using (var newer = new ClickHouseTelemetryStore(options, TimeProvider.System, [.. ChMigrations.All, new(ChMigrations.All.Count + 1, "a later step", _ => [])]))
        {
            await newer.InitializeAsync(None);
        }

        await using var older = new ClickHouseTelemetryStore(options);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => older.InitializeAsync(None));

        Assert.Contains($"schema version {ChMigrations.All.Count + 1}, newer than this build's {ChMigrations.All.Count}", error.Message, StringComparison.Ordinal);
    }
}
