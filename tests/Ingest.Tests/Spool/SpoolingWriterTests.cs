using Observability.Ingest.Spool;
using Observability.Ingest.Tests.Support;
using Observability.Ingest.Writer;
using Microsoft.Extensions.Time.Testing;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Ingest.Tests.Spool;

/// <summary>The writer in front of the spooling store: the whole ingest path through outages.</summary>
public sealed class SpoolingWriterTests
{
    [Fact]
    public async Task TryEnqueue_SpoolAndMemoryFull_RefusesCountedThenEveryAcceptedRowIsStoredOnce()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero));
        await using var h = new SpoolHarness(time, o => new SpoolOptions { Directory = o.Directory, SyncOnAppend = false, MaxBytes = 16_384, MaxSegmentBytes = 4096 });
        var options = new BatchingWriterOptions
        {
            MaxBatchRows = 3,
            MaxBufferedRows = 30,
            FlushInterval = TimeSpan.FromHours(1),
            MaxWriteAttempts = 2,
            InitialRetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromSeconds(1),
        };
        var writer = new BatchingWriter(h.Spooling, options, time, logger: null, meterFactory: h.Meters);
        h.Store.Down = true;

        var accepted = 0;
        while (writer.TryEnqueue(GpuBatch(3, T0.AddMinutes(accepted))))
        {
            accepted++;
            Assert.True(accepted < 1_000, "the writer never refused");
            await Eventually.WaitAsync(
                () => writer.BufferedRows == 0 || h.Meters.Total(SpoolMetrics.FullRejections) > 0, "the batch to reach the spool", time);
        }

        Assert.True(h.Meters.Total(SpoolMetrics.FullRejections) > 0);
        Assert.Equal(3, h.Meters.Total(BatchingWriterMetrics.RowsRejected));
        Assert.Equal(options.MaxBufferedRows, writer.BufferedRows);
        Assert.Equal(0, await h.StoredGpuRowsAsync());

        h.Store.Down = false;
        await Eventually.WaitAsync(() => writer.BufferedRows == 0 && h.Spooling.SpooledBatches == 0, "the backlog to drain", time);
        await writer.DisposeAsync();

        var times = await h.StoredGpuTimesAsync();
        Assert.Equal(accepted * 3, times.Count);
        Assert.Equal(times.Count, times.Distinct().Count());
        Assert.Equal(0, h.Meters.Total(BatchingWriterMetrics.RowsDropped));
    }

    [Fact]
    public async Task EnqueueAsync_StoreOutagesDuringContinuousWrites_EveryRowStoredExactlyOnce()
    {
        await using var h = new SpoolHarness(TimeProvider.System, o => new SpoolOptions
        {
            Directory = o.Directory,
            SyncOnAppend = false,
            InitialReplayDelay = TimeSpan.FromMilliseconds(10),
            MaxReplayDelay = TimeSpan.FromMilliseconds(50),
        });
        var writer = new BatchingWriter(
            h.Spooling,
            new BatchingWriterOptions
            {
                MaxBatchRows = 50,
                MaxBufferedRows = 2_000,
                FlushInterval = TimeSpan.FromMilliseconds(10),
                MaxWriteAttempts = 2,
                InitialRetryDelay = TimeSpan.FromMilliseconds(5),
                MaxRetryDelay = TimeSpan.FromMilliseconds(20),
            },
            TimeProvider.System,
            logger: null,
            meterFactory: h.Meters);
        const int Batches = 400;
        const int RowsPerBatch = 10;

        for (var i = 0; i < Batches; i++)
        {
            // Two outages, and a burst of writes whose replies are lost after they committed.
            if (i == 80 || i == 260)
            {
                h.Store.Down = true;
            }
            else if (i == 200 || i == 330)
            {
                h.Store.Down = false;
            }
            else if (i == 360)
            {
                h.Store.LostRepliesLeft = 3;
            }

            await writer.EnqueueAsync(GpuBatch(RowsPerBatch, T0.AddSeconds(i * RowsPerBatch)), CancellationToken.None);
            if (i % 4 == 0)
            {
                await Task.Delay(2);
            }
        }

        await writer.FlushAsync();
        await Eventually.WaitAsync(() => h.Spooling.SpooledBatches == 0, "the spool to drain");
        await writer.DisposeAsync();

        var times = await h.StoredGpuTimesAsync();
        Assert.Equal(Batches * RowsPerBatch, times.Count);
        Assert.Equal(times.Count, times.Distinct().Count());
        Assert.True(h.Meters.Total(SpoolMetrics.BatchesSpooled) > 0, "nothing was spooled: the outage was not exercised");
        Assert.Equal(h.Meters.Total(SpoolMetrics.BatchesSpooled), h.Meters.Total(SpoolMetrics.BatchesReplayed));
        Assert.Equal(0, h.Meters.Total(SpoolMetrics.CorruptRecords));
        Assert.Equal(0, h.Meters.Total(BatchingWriterMetrics.RowsRejected));
        Assert.Equal(0, h.Meters.Total(BatchingWriterMetrics.RowsDropped));
    }
}
