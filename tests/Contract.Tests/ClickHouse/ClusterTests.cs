using Observability.Contract.Tests.Support;
using Observability.ClickHouseStore;
using Observability.ClickHouseStore.Writing;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Model;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Contract.Tests.ClickHouse;

/// <summary>The store in cluster mode on a real two-shard cluster: ON CLUSTER DDL, replicated local tables, Distributed reads and writes.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTests(ClusterFixture cluster)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task WriteAsync_ThroughDistributedTables_RowsSpreadOverBothShardsAndEverythingReadsBackLikeDuckDb()
    {
        var database = "c_" + Guid.NewGuid().ToString("N");
        await using var store = cluster.NewStore(database, maxRowsPerInsert: 4);
        await using var duck = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = ":memory:" });
        var batches = Enumerable.Range(0, 6).Select(i =>
        {
            var batch = ContractRows.Fleet();
            batch.BatchId = $"batch-{i}";
            return Shift(batch, TimeSpan.FromDays(i * 7), $"-{i}");
        }).ToList();

        foreach (var batch in batches)
        {
            await store.WriteAsync(batch, None);
            await duck.WriteAsync(batch, None);
        }

        // Replays of every batch (a crash between insert and acknowledgement) change nothing.
        foreach (var batch in batches)
        {
            batch.MayBeStored = true;
            await store.WriteAsync(batch, None);
        }

        foreach (var range in new[] { TimeRange.All, new(T0, T0.AddDays(8)), new(T0.AddMinutes(1), T0.AddDays(20).AddHours(2)) })
        {
            Assert.Equal(await Describe.EverythingAsync(duck, range), await Describe.EverythingAsync(store, range));
        }

        // Each shard holds a share: count the local tables on each server directly.
        var perShard = new List<long>();
        foreach (var server in cluster.Servers)
        {
            var body = await server.QueryAsync($"SELECT count() FROM {database}.gpu_samples_local FORMAT TabSeparated");
            perShard.Add(long.Parse(body.Trim(), System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(batches.Sum(b => b.GpuSamples.Count), perShard.Sum());
        Assert.All(perShard, n => Assert.True(n > 0, $"a shard holds no rows: [{string.Join(", ", perShard)}]"));
    }

    [Fact]
    public async Task WriteAsync_ReplayAfterAWriteThatStoppedPartWay_StoresEveryRowExactlyOnceOnTheCluster()
    {
        await using var store = cluster.NewStore("c_" + Guid.NewGuid().ToString("N"), maxRowsPerInsert: 3);
        await store.InitializeAsync(None);
        var batch = ContractRows.Fleet();
        batch.BatchId = "crashed";
        await new BatchLedger(store.Connection, store.Topology).RecordAsync(batch.BatchId, LedgerState.Started, batch.RowCount, T0, None);
        using (var metrics = new ClickHouseStoreMetrics())
        using (var inserter = new BatchInserter(store.Connection, store.Topology, metrics))
        {
            await inserter.InsertAsync(new TableRows<GpuSample>(TableLayouts.Gpu, batch.GpuSamples[..6], 3), batch.BatchId, resume: false, None);
        }

        batch.MayBeStored = true; // a replay, as from the spool
        await store.WriteAsync(batch, None);
        await store.WriteAsync(batch, None);

        var expected = ContractRows.Fleet();
        Assert.Equal(
            expected.GpuSamples.Select(Describe.Row).Order(StringComparer.Ordinal),
            (await store.ReadGpuSamplesAsync(TimeRange.All, None)).Select(Describe.Row).Order(StringComparer.Ordinal));
        Assert.Equal(Expected.Usage(expected, TimeRange.All), await store.QueryTenantUsageAsync(TimeRange.All, None));
    }

    [Fact]
    public async Task DropMonthsBeforeAsync_OnTheCluster_DropsOnEveryShard()
    {
        await using var store = cluster.NewStore("c_" + Guid.NewGuid().ToString("N"));
        for (var i = 0; i < 6; i++)
        {
            var batch = Batch(GpuRow(new DateTime(2025, 1, 10, 0, 0, 0, DateTimeKind.Utc), Gpu()), GpuRow(T0, Gpu()));
            batch.BatchId = $"b{i}";
            await store.WriteAsync(batch, None);
        }

        var dropped = await store.DropMonthsBeforeAsync(new DateOnly(2025, 2, 1), None);

        Assert.Contains(new DroppedPartition("gpu_samples", 202501), dropped);
        Assert.All(await store.ReadGpuSamplesAsync(TimeRange.All, None), s => Assert.Equal(T0, s.Timestamp));
        Assert.Equal(6, (await store.ReadGpuSamplesAsync(TimeRange.All, None)).Count);
    }

    private static RowBatch Shift(RowBatch batch, TimeSpan by, string suffix)
    {
        var shifted = new RowBatch { BatchId = batch.BatchId };
        shifted.GpuSamples.AddRange(batch.GpuSamples.Select(s => new GpuSample(s.Timestamp + by, s.Target, s.Gpu, s.Values)));
        shifted.ServingSamples.AddRange(batch.ServingSamples.Select(s => new ServingSample(s.Timestamp + by, s.Target, s.Server, s.Values)));
        shifted.ServingHistograms.AddRange(batch.ServingHistograms.Select(h => h with { Timestamp = h.Timestamp + by }));
        shifted.RawSamples.AddRange(batch.RawSamples.Select(r => r with { Timestamp = r.Timestamp + by }));
        shifted.ScrapeStatuses.AddRange(batch.ScrapeStatuses.Select(s => s with { Timestamp = s.Timestamp + by }));
        shifted.RequestEvents.AddRange(batch.RequestEvents.Select(e => e with { Timestamp = e.Timestamp + by, RequestId = e.RequestId + suffix }));
        return shifted;
    }
}
