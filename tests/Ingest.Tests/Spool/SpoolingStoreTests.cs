using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Spool;
using Observability.Ingest.Tests.Support;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Ingest.Tests.Spool;

public sealed class SpoolingStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task WriteAsync_StoreDown_SpoolsTheBatchAndReplaysItWhenTheStoreReturns()
    {
        await using var h = new SpoolHarness(_time);
        h.Store.Down = true;

        await h.Spooling.WriteAsync(GpuBatch(10, T0), CancellationToken.None);

        Assert.Equal(1, h.Meters.Total(SpoolMetrics.BatchesSpooled));
        Assert.Equal(10, h.Meters.Total(SpoolMetrics.RowsSpooled));
        Assert.True(h.Meters.Total(SpoolMetrics.BytesSpooled) > 10 * 8);
        Assert.Equal(1, h.Meters.Gauge(SpoolMetrics.SizeBatches));
        Assert.True(h.Meters.Gauge(SpoolMetrics.SizeBytes) > 0);
        Assert.NotEmpty(Directory.GetFiles(h.SpoolDirectory, "*.seg"));

        h.Store.Down = false;
        await Eventually.WaitAsync(() => h.Spooling.SpooledBatches == 0, "the replay", _time);

        Assert.Equal(10, await h.StoredGpuRowsAsync());
        Assert.Equal(1, h.Meters.Total(SpoolMetrics.BatchesReplayed));
        Assert.Equal(10, h.Meters.Total(SpoolMetrics.RowsReplayed));
        Assert.Equal(0, h.Meters.Gauge(SpoolMetrics.SizeBytes));
        Assert.Empty(SpoolFiles.Data(h.SpoolDirectory));
    }

    [Fact]
    public async Task WriteAsync_StoreHealthy_WritesStraightThroughWithAnIdAndNoSpoolFile()
    {
        await using var h = new SpoolHarness(_time);
        var batch = GpuBatch(5, T0);

        await h.Spooling.WriteAsync(batch, CancellationToken.None);

        Assert.Equal(5, await h.StoredGpuRowsAsync());
        Assert.NotNull(batch.BatchId);
        Assert.Equal([batch.BatchId], h.Store.WrittenBatchIds);
        Assert.Equal(0, h.Meters.Total(SpoolMetrics.BatchesSpooled));
        Assert.Empty(SpoolFiles.Data(h.SpoolDirectory));
    }

    [Fact]
    public async Task WriteAsync_BacklogWaiting_NewBatchGoesBehindItEvenWithTheStoreBack()
    {
        await using var h = new SpoolHarness(_time);
        h.Store.Down = true;
        var older = GpuBatch(3, T0);
        await h.Spooling.WriteAsync(older, CancellationToken.None);
        await Eventually.WaitAsync(() => h.Meters.Total(SpoolMetrics.ReplayErrors) >= 1, "a failed replay"); // fake time stands still: no retry yet

        h.Store.Down = false;
        var newer = GpuBatch(3, T0.AddMinutes(1));
        await h.Spooling.WriteAsync(newer, CancellationToken.None);

        Assert.Equal(2, h.Meters.Total(SpoolMetrics.BatchesSpooled));
        Assert.Equal(0, await h.StoredGpuRowsAsync());

        await Eventually.WaitAsync(() => h.Spooling.SpooledBatches == 0, "the replay", _time);

        Assert.Equal([older.BatchId, newer.BatchId], h.Store.WrittenBatchIds);
        Assert.Equal(6, await h.StoredGpuRowsAsync());
    }

    [Fact]
    public async Task Restart_SpooledBatches_ReplayedInTheirOrderWithTheirIds()
    {
        await using var h = new SpoolHarness(_time);
        h.Store.Down = true;
        var batches = Enumerable.Range(0, 6).Select(i => GpuBatch(4, T0.AddMinutes(i))).ToList();
        foreach (var batch in batches)
        {
            await h.Spooling.WriteAsync(batch, CancellationToken.None);
        }

        await h.RestartAsync();

        await Eventually.WaitAsync(() => h.Spooling.SpooledBatches == 0, "the replay after restart", _time);

        Assert.Equal(batches.Select(b => b.BatchId), h.Store.WrittenBatchIds);
        Assert.Equal(24, await h.StoredGpuRowsAsync());
        Assert.Equal(6, h.Meters.Total(SpoolMetrics.BatchesReplayed));
        Assert.Empty(SpoolFiles.Data(h.SpoolDirectory));
    }

    [Fact]
    public async Task Replay_CrashBetweenTheInsertAndItsAcknowledgement_EveryRowStoredOnce()
    {
        using var directory = new TempDirectory();
        using var database = new TempDatabase();
        using var meters = new MeterProbe();
        var options = new SpoolOptions { Directory = directory.Path, SyncOnAppend = false };
        var batches = Enumerable.Range(0, 3).Select(i => GpuBatch(5, T0.AddMinutes(i))).ToList();
        batches.ForEach(b => b.BatchId = BatchIds.New(_time));
        await using (var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = database.Path }))
        {
            using var spool = SpoolFiles.Open(options, meters);
            batches.ForEach(b => Assert.True(spool.TryAppend(b, out _)));

            // The first two replays reach the store; the process dies before the second is acknowledged.
            await store.WriteAsync(spool.Oldest()!, CancellationToken.None);
            spool.AcknowledgeOldest();
            await store.WriteAsync(spool.Oldest()!, CancellationToken.None);
        }

        var inner = new FlakyStore(new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = database.Path }), _time);
        await using var restarted = new SpoolingStore(inner, options, _time, NullLogger<SpoolingStore>.Instance, meters);
        await Eventually.WaitAsync(() => restarted.SpooledBatches == 0, "the replay after the crash", _time);

        Assert.Equal([batches[1].BatchId, batches[2].BatchId], inner.WrittenBatchIds);
        var times = (await restarted.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None)).Select(r => r.Timestamp).ToList();
        Assert.Equal(15, times.Count);
        Assert.Equal(15, times.Distinct().Count());
    }

    [Fact]
    public async Task WriteAsync_ReplyLostAfterTheInsertCommitted_SpooledReplayStoresNothingTwice()
    {
        await using var h = new SpoolHarness(_time);
        h.Store.LostRepliesLeft = 1;
        var batch = GpuBatch(7, T0);

        await h.Spooling.WriteAsync(batch, CancellationToken.None);
        await Eventually.WaitAsync(() => h.Spooling.SpooledBatches == 0, "the replay", _time);

        Assert.Equal([batch.BatchId, batch.BatchId], h.Store.WrittenBatchIds);
        Assert.Equal(1, h.Meters.Total(SpoolMetrics.BatchesSpooled));
        Assert.Equal(1, h.Meters.Total(SpoolMetrics.BatchesReplayed));
        Assert.Equal(7, await h.StoredGpuRowsAsync());
    }

    [Fact]
    public async Task WriteAsync_SpoolFull_ThrowsSpoolFullExceptionCountedAndWritesNothing()
    {
        await using var h = new SpoolHarness(_time, o => new SpoolOptions { Directory = o.Directory, SyncOnAppend = false, MaxBytes = 16_384, MaxSegmentBytes = 4096 });
        h.Store.Down = true;
        var accepted = 0;
        SpoolFullException? full = null;
        for (var i = 0; i < 100 && full is null; i++)
        {
            try
            {
                await h.Spooling.WriteAsync(GpuBatch(3, T0.AddMinutes(i)), CancellationToken.None);
                accepted++;
            }
            catch (SpoolFullException e)
            {
                full = e;
            }
        }

        Assert.NotNull(full);
        Assert.Contains("full", full.Message, StringComparison.Ordinal);
        Assert.Equal(1, h.Meters.Total(SpoolMetrics.FullRejections));
        Assert.Equal(accepted, h.Spooling.SpooledBatches);
        Assert.InRange(h.Spooling.SpooledBytes, 1, 16_384);

        h.Store.Down = false;
        await Eventually.WaitAsync(() => h.Spooling.SpooledBatches == 0, "the replay", _time);

        Assert.Equal(accepted * 3, await h.StoredGpuRowsAsync());
    }

    [Fact]
    public async Task Open_TornRecordLeftByACrash_ReportedSkippedAndTheRestReplayed()
    {
        await using var h = new SpoolHarness(_time);
        h.Store.Down = true;
        for (var i = 0; i < 3; i++)
        {
            await h.Spooling.WriteAsync(GpuBatch(2, T0.AddMinutes(i)), CancellationToken.None);
        }

        await h.Spooling.DisposeAsync();
        SpoolFiles.CutTail(Assert.Single(SpoolFiles.Segments(h.SpoolDirectory)), 3);
        await h.RestartAsync();

        Assert.Equal(1, h.Meters.Total(SpoolMetrics.CorruptRecords));
        await Eventually.WaitAsync(() => h.Spooling.SpooledBatches == 0, "the replay", _time);
        Assert.Equal(4, await h.StoredGpuRowsAsync());
    }
    [Fact]
    public async Task Replay_SegmentFileRemovedBehindTheSpoolsBack_ItsRecordsCountedAsDamagedAndTheRestReplayed()
    {
        // 4 KiB segments and batches of about 3 KiB: one batch per segment.
        await using var h = new SpoolHarness(_time, o => new SpoolOptions { Directory = o.Directory, SyncOnAppend = false, MaxSegmentBytes = 4096 });
        h.Store.Down = true;
        for (var i = 0; i < 3; i++)
        {
            await h.Spooling.WriteAsync(GpuBatch(10, T0.AddMinutes(i)), CancellationToken.None);
        }

        await Eventually.WaitAsync(() => h.Meters.Total(SpoolMetrics.ReplayErrors) >= 1, "a failed replay");
        File.Delete(SpoolFiles.Segments(h.SpoolDirectory)[1]);
        h.Store.Down = false;
        await Eventually.WaitAsync(() => h.Spooling.SpooledBatches == 0, "the replay", _time);

        Assert.Equal(1, h.Meters.Total(SpoolMetrics.CorruptRecords));
        Assert.Equal(20, await h.StoredGpuRowsAsync());
        Assert.Equal(2, h.Meters.Total(SpoolMetrics.BatchesReplayed));
    }

    [Fact]
    public async Task WriteAsync_AfterDispose_ThrowsAndCreatesNoFile()
    {
        await using var h = new SpoolHarness(_time);
        await h.Spooling.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => h.Spooling.WriteAsync(GpuBatch(1, T0), CancellationToken.None));

        Assert.Empty(SpoolFiles.Data(h.SpoolDirectory));
    }
}
