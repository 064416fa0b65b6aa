using Observability.Ingest.Tests.Support;
using Observability.Ingest.Writer;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Ingest.Tests.Writer;

public sealed class BatchingWriterFlushTests
{
    private static readonly BatchingWriterOptions Options = Make(TimeSpan.FromSeconds(1));

    private static readonly BatchingWriterOptions LongInterval = Make(TimeSpan.FromHours(1));

    [Fact]
    public async Task TryEnqueue_RowsReachMaxBatchRows_WritesOneBatchWithoutWaitingForTheInterval()
    {
        await using var h = new WriterHarness(Options);

        Assert.True(h.Writer.TryEnqueue(GpuBatch(60, T0)));
        await Eventually.QuietPeriod();
        Assert.Empty(h.Store.Attempts);

        Assert.True(h.Writer.TryEnqueue(GpuBatch(40, T0.AddMinutes(1))));
        await Eventually.WaitAsync(() => h.RowsWritten == 100, "the size-triggered write");

        Assert.Equal([100], h.Store.WrittenBatchSizes);
        Assert.Equal(100, await h.StoredGpuRowsAsync());
        Assert.Equal(100, h.Meters.Total(BatchingWriterMetrics.RowsReceived));
        Assert.Equal(100, h.Meters.Total(BatchingWriterMetrics.RowsWritten));
        Assert.Equal(1, h.Meters.Total(BatchingWriterMetrics.BatchesWritten));
        Assert.Equal(["duckdb"], h.Meters.StoreTags.Keys);
    }

    [Fact]
    public async Task TryEnqueue_BelowMaxBatchRows_WritesOnlyOnceFlushIntervalHasElapsed()
    {
        await using var h = new WriterHarness(Options);
        Assert.True(h.Writer.TryEnqueue(GpuBatch(10, T0)));

        h.Time.Advance(TimeSpan.FromMilliseconds(999));
        await Eventually.QuietPeriod();
        Assert.Empty(h.Store.Attempts);
        Assert.Equal(10, h.Meters.Gauge(BatchingWriterMetrics.RowsBuffered));

        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.WaitAsync(() => h.RowsWritten == 10, "the interval-triggered write");

        Assert.Equal(10, await h.StoredGpuRowsAsync());
        await Eventually.WaitAsync(() => h.Writer.BufferedRows == 0, "the buffer to empty");
        Assert.Equal(0, h.Meters.Gauge(BatchingWriterMetrics.RowsBuffered));
    }

    [Fact]
    public async Task TryEnqueue_IntervalCountsFromFirstBufferedRow_LaterRowsDoNotPostponeTheWrite()
    {
        await using var h = new WriterHarness(Options);
        h.Writer.TryEnqueue(GpuBatch(5, T0));
        h.Time.Advance(TimeSpan.FromMilliseconds(600));
        h.Writer.TryEnqueue(GpuBatch(5, T0.AddMinutes(1)));

        h.Time.Advance(TimeSpan.FromMilliseconds(400));
        await Eventually.WaitAsync(() => h.RowsWritten == 10, "both batches written 1 s after the first row");

        Assert.Equal([10], h.Store.WrittenBatchSizes);
    }

    [Fact]
    public async Task FlushAsync_ManySmallBatches_MergedIntoWritesOfAtMostMaxBatchRows()
    {
        await using var h = new WriterHarness(LongInterval);
        for (var i = 0; i < 25; i++)
        {
            Assert.True(h.Writer.TryEnqueue(GpuBatch(10, T0.AddMinutes(i))));
        }

        await h.Writer.FlushAsync();

        Assert.Equal(250, h.RowsWritten);
        Assert.All(h.Store.WrittenBatchSizes, size => Assert.InRange(size, 10, 100));
        Assert.True(h.Store.WrittenBatchSizes.Count < 25, "small batches are merged");
        Assert.Equal(250, await h.StoredGpuRowsAsync());
        Assert.Equal(0, h.Writer.BufferedRows);
    }

    [Fact]
    public async Task FlushAsync_NothingBuffered_CompletesWithoutWriting()
    {
        await using var h = new WriterHarness(Options);

        await h.Writer.FlushAsync();

        Assert.Empty(h.Store.Attempts);
    }

    [Fact]
    public async Task DisposeAsync_RowsBuffered_WritesThemBeforeStopping()
    {
        var h = new WriterHarness(LongInterval);
        h.Writer.TryEnqueue(GpuBatch(7, T0));

        await h.Writer.DisposeAsync();

        Assert.Equal(7, await h.StoredGpuRowsAsync());
        Assert.Equal(7, h.Meters.Total(BatchingWriterMetrics.RowsWritten));
        await h.DisposeAsync();
    }

    [Fact]
    public async Task TryEnqueue_AfterDispose_ReturnsFalseAndCountsRejection()
    {
        await using var h = new WriterHarness(Options);
        await h.Writer.DisposeAsync();

        Assert.False(h.Writer.TryEnqueue(GpuBatch(3, T0)));

        Assert.Equal(3, h.Meters.Total(BatchingWriterMetrics.RowsRejected));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => h.Writer.EnqueueAsync(GpuBatch(1, T0), CancellationToken.None).AsTask());
    }

    private static BatchingWriterOptions Make(TimeSpan flushInterval) =>
        new() { MaxBatchRows = 100, MaxBufferedRows = 1_000, FlushInterval = flushInterval };
}
