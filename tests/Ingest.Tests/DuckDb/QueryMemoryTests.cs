using DuckDB.NET.Data;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Tests.Support;

namespace Observability.Ingest.Tests.DuckDb;

/// <summary>
/// The store's two memory limits: the idle limit while it only ingests, the query limit while a query or analytics
/// write runs. The idle limit is read on a connection of the test's own (same process, so the same database),
/// outside any query of the store's.
/// </summary>
public sealed class QueryMemoryTests
{
    private const string Limit = "SELECT current_setting('memory_limit')";

    [Fact]
    public async Task Open_Defaults_KeepsDuckDbsOwnLimitThroughout()
    {
        using var file = new TempDatabase();
        await using var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = file.Path });
        await store.InitializeAsync(CancellationToken.None);

        Assert.Equal(DuckDbDefaultLimit(), IdleLimit(file));
        Assert.Equal(DuckDbDefaultLimit(), await StoreSql.ScalarAsync(store, Limit));
    }

    [Fact]
    public async Task Query_IdleLimitAlone_GetsDuckDbsDefaultMemoryBack()
    {
        using var file = new TempDatabase();
        await using var store = Open(file, memoryLimit: null, idle: "16MB");
        await store.InitializeAsync(CancellationToken.None);

        // A list of 20 M integers (160 MB) cannot spill: it fits only if the buffer pool itself got the default back,
        // not just the setting DuckDB shows.
        Assert.Equal(20_000_000L, Convert.ToInt64(await StoreSql.ScalarAsync(store, "SELECT len(list(i)) FROM range(20000000) t(i)"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("15.2 MiB", IdleLimit(file));
    }

    [Fact]
    public async Task Query_BothLimitsSet_RunsUnderMemoryLimitThenReturnsToIdle()
    {
        using var file = new TempDatabase();
        await using var store = Open(file, memoryLimit: "1GB", idle: "32MB");
        await store.InitializeAsync(CancellationToken.None);

        Assert.Equal("30.5 MiB", IdleLimit(file));
        Assert.Equal("953.6 MiB", await StoreSql.ScalarAsync(store, Limit));
        await store.WriteAsync(TestRows.GpuBatch(4, TestRows.T0), CancellationToken.None);
        Assert.Equal(4, (await store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None)).Count);
        Assert.Equal("30.5 MiB", IdleLimit(file));
    }

    [Fact]
    public async Task Query_WhileAnotherRuns_KeepsTheQueryLimitUntilTheLastEnds()
    {
        using var file = new TempDatabase();
        await using var store = Open(file, memoryLimit: "1GB", idle: "32MB");
        using var firstStarted = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();

        var first = Task.Run(() => store.ReadAsync(c =>
        {
            firstStarted.Set();
            releaseFirst.Wait(TimeSpan.FromSeconds(30));
            return Scalar(c, Limit);
        }, CancellationToken.None));
        Assert.True(firstStarted.Wait(TimeSpan.FromSeconds(30)));

        // The second ends while the first still runs: the limit must stay up for the first.
        Assert.Equal("953.6 MiB", await StoreSql.ScalarAsync(store, Limit));
        Assert.Equal("953.6 MiB", IdleLimit(file));
        releaseFirst.Set();
        Assert.Equal("953.6 MiB", await first);
        Assert.Equal("30.5 MiB", IdleLimit(file));
    }

    [Fact]
    public async Task Open_IdleLimitOff_KeepsMemoryLimitThroughout()
    {
        using var file = new TempDatabase();
        await using var store = Open(file, memoryLimit: "1GB", idle: null);
        await store.InitializeAsync(CancellationToken.None);

        Assert.Equal("953.6 MiB", IdleLimit(file));
        Assert.Equal("953.6 MiB", await StoreSql.ScalarAsync(store, Limit));
    }

    [Fact]
    public async Task Open_InvalidIdleLimit_FailsNamingTheValue()
    {
        using var file = new TempDatabase();
        await using var store = Open(file, memoryLimit: null, idle: "lots");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync(CancellationToken.None));
        Assert.StartsWith("idle memory limit 'lots': ", error.Message, StringComparison.Ordinal);
    }

    private static DuckDbTelemetryStore Open(TempDatabase file, string? memoryLimit, string? idle) =>
        new(new DuckDbStoreOptions { DataSource = file.Path, MemoryLimit = memoryLimit, IdleMemoryLimit = idle });

    private static string IdleLimit(TempDatabase file)
    {
        using var connection = new DuckDBConnection($"Data Source={file.Path}");
        connection.Open();
        return Scalar(connection, Limit);
    }

    /// <summary>DuckDB's own default for this machine, from a database opened without a limit.</summary>
    private static string DuckDbDefaultLimit()
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        return Scalar(connection, Limit);
    }

    private static string Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
