using System.Diagnostics.Metrics;
using Observability.Contract.Tests.Support;
using Observability.ClickHouseStore;
using Observability.ClickHouseStore.Schema;
using Observability.ClickHouseStore.Writing;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;
using static Observability.Contract.Tests.Support.ChSqlProbe;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Contract.Tests.ClickHouse;

/// <summary>What only the ClickHouse store has: physical layout, resumed writes, rollups, retention, limits.</summary>
[Collection(ClickHouseCollection.Name)]
public sealed class ClickHouseStoreTests(ClickHouseFixture clickHouse)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task WriteAsync_ReplayAfterAWriteThatStoppedPartWay_StoresEveryRowExactlyOnce()
    {
        await using var store = clickHouse.NewStore(maxRowsPerInsert: 2);
        await store.InitializeAsync(None);
        var batch = ContractRows.Fleet();
        batch.BatchId = "crashed-" + Hostile;

        // What a crash after the first two GPU INSERTs leaves behind: the ledger says started, chunks 0 and 1 are stored.
        await new BatchLedger(store.Connection, store.Topology).RecordAsync(batch.BatchId, LedgerState.Started, batch.RowCount, T0, None);
        using (var metrics = new ClickHouseStoreMetrics())
        using (var inserter = new BatchInserter(store.Connection, store.Topology, metrics))
        {
            await inserter.InsertAsync(new TableRows<GpuSample>(TableLayouts.Gpu, batch.GpuSamples[..4], 2), batch.BatchId, resume: false, None);
        }

        Assert.Equal(4, (await store.ReadGpuSamplesAsync(TimeRange.All, None)).Count);

        batch.MayBeStored = true; // a replay, as from the spool
        await store.WriteAsync(batch, None);
        await store.WriteAsync(batch, None);

        var expected = ContractRows.Fleet();
        Assert.Equal(
            expected.GpuSamples.Select(Describe.Row).Order(StringComparer.Ordinal),
            (await store.ReadGpuSamplesAsync(TimeRange.All, None)).Select(Describe.Row).Order(StringComparer.Ordinal));
        Assert.Equal(expected.RequestEvents.Count, (await store.ReadRequestEventsAsync(TimeRange.All, None)).Count);
        Assert.Equal(
            Expected.Utilization(expected, new TimeRange(T0, T0.AddHours(3))).Select(Describe.Row),
            (await store.QueryGpuUtilizationAsync(new TimeRange(T0, T0.AddHours(3)), None)).Select(Describe.Row));
    }

    [Fact]
    public async Task WriteAsync_TimestampBefore1970_ThrowsNamingTheRowAndWritesNothing()
    {
        await using var store = clickHouse.NewStore();
        var batch = new RowBatch();
        batch.RequestEvents.Add(ContractRows.Request(T0, "ok", "t", "m", RequestStatus.Success, 1, 1));
        batch.GpuSamples.Add(GpuRow(new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc), Gpu()));

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.WriteAsync(batch, None));

        Assert.Contains("gpu_samples", error.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ReadRequestEventsAsync(TimeRange.All, None));
    }

    [Fact]
    public async Task WriteAsync_AbsentValues_StoredAsNullNotNaN()
    {
        await using var store = clickHouse.NewStore();
        await store.WriteAsync(Batch(GpuRow(T0, Gpu())), None);
        var absent = GpuFieldCatalog.All[2].Column;

        Assert.Equal(1, await CountAsync(store, $"SELECT count() AS n FROM {Table(store, "gpu_samples")} WHERE isNull({absent})"));
        Assert.Equal(0, await CountAsync(store, $"SELECT count() AS n FROM {Table(store, "gpu_samples")} WHERE isNaN({absent})"));
    }

    [Fact]
    public async Task InitializeAsync_NewDatabase_MonthlyMergeTreeTablesAndVersionRecorded()
    {
        await using var store = clickHouse.NewStore();
        await store.InitializeAsync(None);
        await store.InitializeAsync(None);

        var gpu = string.Join("\n", await ColumnAsync(store, $"SHOW CREATE TABLE {Table(store, "gpu_samples")}"));
        Assert.Contains("ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY (uuid, mig_instance_id, ts)", gpu, StringComparison.Ordinal);
        var rollup = string.Join("\n", await ColumnAsync(store, $"SHOW CREATE TABLE {Table(store, "gpu_hourly")}"));
        Assert.Contains("ENGINE = SummingMergeTree PARTITION BY toYYYYMM(hour)", rollup, StringComparison.Ordinal);
        Assert.Equal(
            Enumerable.Range(1, ChMigrations.All.Count).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            await ColumnAsync(store, $"SELECT version FROM {Table(store, "schema_migrations")} ORDER BY version"));
        Assert.Equal(ChMigrations.All.Count, await store.GetSchemaVersionAsync(None));
    }

    [Fact]
    public async Task QueryAggregates_WholeHours_AnsweredFromTheRollupsNotTheRawRows()
    {
        await using var store = clickHouse.NewStore();
        var batch = ContractRows.Fleet();
        await store.WriteAsync(batch, None);
        var wholeHours = new TimeRange(T0, T0.AddHours(3));
        var partial = new TimeRange(T0.AddMinutes(1), T0.AddHours(3));

        // Raw rows gone, rollups kept: only the rollups can still answer for whole hours.
        foreach (var table in new[] { "gpu_samples", "serving_samples", "request_events" })
        {
            await store.Connection.ExecuteAsync($"ALTER TABLE {Table(store, table)} DROP PARTITION 202503", None);
        }

        Assert.Equal(Expected.Utilization(batch, wholeHours).Select(Describe.Row), (await store.QueryGpuUtilizationAsync(wholeHours, None)).Select(Describe.Row));
        Assert.Equal(Expected.ModelTotals(batch, wholeHours).Select(Describe.Row), (await store.QueryModelTotalsAsync(wholeHours, None)).Select(Describe.Row));
        Assert.Equal(Expected.Usage(batch, wholeHours), await store.QueryTenantUsageAsync(wholeHours, None));
        // The first, partial hour comes from raw rows (now gone), so that answer must differ.
        Assert.NotEqual(Expected.Usage(batch, partial), await store.QueryTenantUsageAsync(partial, None));
    }

    [Fact]
    public async Task DropMonthsBeforeAsync_ThreeMonths_DropsOlderPartitionsOfEveryTableAndKeepsTheRest()
    {
        await using var store = clickHouse.NewStore();
        var january = new DateTime(2025, 1, 31, 23, 59, 59, DateTimeKind.Utc);
        var february = new DateTime(2025, 2, 14, 0, 0, 0, DateTimeKind.Utc);
        var batch = Batch(GpuRow(january, Gpu()), GpuRow(february, Gpu()), GpuRow(T0, Gpu()));
        batch.RequestEvents.Add(ContractRows.Request(january, "1", "t", "m", RequestStatus.Success, 1, 1));
        batch.RequestEvents.Add(ContractRows.Request(T0, "2", "t", "m", RequestStatus.Success, 1, 1));
        batch.BatchId = "three-months";
        await store.WriteAsync(batch, None);

        var dropped = await store.DropMonthsBeforeAsync(new DateOnly(2025, 3, 1), None);

        Assert.Contains(new DroppedPartition("gpu_samples", 202501), dropped);
        Assert.Contains(new DroppedPartition("gpu_samples", 202502), dropped);
        Assert.Contains(new DroppedPartition("gpu_hourly", 202501), dropped);
        Assert.Contains(new DroppedPartition("request_events", 202501), dropped);
        Assert.DoesNotContain(dropped, d => d.Month >= 202503);
        Assert.Equal([T0], (await store.ReadGpuSamplesAsync(TimeRange.All, None)).Select(s => s.Timestamp));
        Assert.Equal(1, Assert.Single(await store.QueryGpuUtilizationAsync(new TimeRange(january.AddDays(-1), T0.AddHours(1)), None)).Rows);
        Assert.Equal(1, Assert.Single(await store.QueryTenantUsageAsync(TimeRange.All, None)).Requests);
        Assert.Empty(await store.DropMonthsBeforeAsync(new DateOnly(2025, 3, 1), None));
    }

    [Fact]
    public async Task WriteAsync_RowsReplaysAndFailures_CountedInTheStoreMeter()
    {
        await using var store = clickHouse.NewStore();
        var totals = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this store's instruments: stores of tests running in parallel publish under the same meter name.
            if (instrument.Meter.Name == ClickHouseStoreMetrics.MeterName && ReferenceEquals(instrument.Meter, store.Metrics.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var table = tags.ToArray().FirstOrDefault(t => t.Key == "table").Value;
            totals.AddOrUpdate($"{instrument.Name}{(table is null ? "" : "/" + table)}", value, (_, v) => v + value);
        });
        listener.Start();
        var batch = ContractRows.Fleet();
        batch.BatchId = "counted";
        var bad = Batch(GpuRow(DateTime.UnixEpoch.AddTicks(-10), Gpu()));

        await store.WriteAsync(batch, None);
        batch.MayBeStored = true;
        await store.WriteAsync(batch, None);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.WriteAsync(bad, None));

        Assert.Equal(batch.GpuSamples.Count, totals.GetValueOrDefault("clickhouse_store_rows_written/gpu_samples"));
        Assert.Equal(batch.RequestEvents.Count, totals.GetValueOrDefault("clickhouse_store_rows_written/request_events"));
        Assert.Equal(1, totals.GetValueOrDefault("clickhouse_store_batches_already_stored"));
        Assert.Equal(1, totals.GetValueOrDefault("clickhouse_store_write_errors"));
        Assert.True(totals.GetValueOrDefault("clickhouse_store_insert_bytes") > 0);
    }

    [Fact]
    public void Constructor_InvalidOptions_EveryProblemNamed()
    {
        var options = new ClickHouseStoreOptions
        {
            Endpoint = new Uri("ftp://x"),
            Database = "bad-name; DROP",
            Cluster = "",
            MaxRowsPerInsert = 0,
        };

        var error = Assert.Throws<ArgumentException>(() => new ClickHouseTelemetryStore(options));

        Assert.Contains("Endpoint", error.Message, StringComparison.Ordinal);
        Assert.Contains("Database", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cluster", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxRowsPerInsert", error.Message, StringComparison.Ordinal);
    }
}
