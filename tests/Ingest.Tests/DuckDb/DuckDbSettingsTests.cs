using Observability.Ingest.DuckDb;
using Observability.Ingest.Tests.Support;

namespace Observability.Ingest.Tests.DuckDb;

/// <summary>The DuckDB options the store opens with: its checkpoint default, and the user's settings winning over it.</summary>
public sealed class DuckDbSettingsTests
{
    [Fact]
    public async Task Open_NoSettings_CheckpointsAt64MegabytesNotDuckDbsSixteen()
    {
        using var file = new TempDatabase();
        await using var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = file.Path });
        await store.InitializeAsync(CancellationToken.None);

        Assert.Equal("61.0 MiB", await StoreSql.ScalarAsync(store, "SELECT current_setting('checkpoint_threshold')"));
    }

    [Theory]
    [InlineData("checkpoint_threshold", "8MB", "7.6 MiB")]
    [InlineData("wal_autocheckpoint", "32MB", "30.5 MiB")]
    [InlineData("CHECKPOINT_THRESHOLD", "1GB", "953.6 MiB")]
    public async Task Open_SettingNamesTheThreshold_SettingWins(string name, string value, string expected)
    {
        using var file = new TempDatabase();
        var settings = new Dictionary<string, string> { [name] = value };
        await using var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = file.Path, Settings = settings });
        await store.InitializeAsync(CancellationToken.None);

        Assert.Equal(expected, await StoreSql.ScalarAsync(store, "SELECT current_setting('checkpoint_threshold')"));
    }

    [Fact]
    public async Task Open_ThresholdOption_Applied()
    {
        using var file = new TempDatabase();
        await using var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = file.Path, CheckpointThreshold = "16MB" });
        await store.InitializeAsync(CancellationToken.None);

        Assert.Equal("15.2 MiB", await StoreSql.ScalarAsync(store, "SELECT current_setting('checkpoint_threshold')"));
    }
}
