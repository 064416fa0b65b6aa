using Observability.Ingest.Tests.Support;
using Observability.Ingest.Writer;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Ingest.Tests.Writer;

public sealed class BatchingWriterBackPressureTests
{
    /// <summary>A buffer of 100 rows that never fills a batch on its own, so rows stay buffered until flushed.</summary>
    private static readonly BatchingWriterOptions SmallBuffer = new()
    {
        MaxBatchRows = 100,
        MaxBufferedRows = 100,
        FlushInterval = TimeSpan.FromHours(1),
    };

    [Fact]
    public async Task TryEnqueue_BufferFull_ReturnsFalseAndCountsRejectedRows()
    {
        await using var h = new WriterHarness(SmallBuffer);
        Assert.True(h.Writer.TryEnqueue(GpuBatch(60, T0)));

        Assert.False(h.Writer.TryEnqueue(GpuBatch(50, T0.AddMinutes(1))));

        Assert.Equal(60, h.Writer.BufferedRows);
        Assert.Equal(50, h.Meters.Total(BatchingWriterMetrics.RowsRejected));
        Assert.Equal(60, h.Meters.Total(BatchingWriterMetrics.RowsReceived));
        Assert.Equal(60, h.Meters.Gauge(BatchingWriterMetrics.RowsBuffered));
    }

    [Fact]
    public async Task TryEnqueue_RoomFreedByWrite_AcceptsAgain()
    {
        await using var h = new WriterHarness(SmallBuffer);
        h.Writer.TryEnqueue(GpuBatch(60, T0));
        Assert.False(h.Writer.TryEnqueue(GpuBatch(50, T0.AddMinutes(1))));

        await h.Writer.FlushAsync();

        Assert.True(h.Writer.TryEnqueue(GpuBatch(50, T0.AddMinutes(1))));
        Assert.Equal(50, h.Writer.BufferedRows);
    }

    [Fact]
    public async Task EnqueueAsync_BufferFull_WaitsUntilAWriteFreesRoomWithoutCountingRejection()
    {
        await using var h = new WriterHarness(SmallBuffer);
        h.Writer.TryEnqueue(GpuBatch(60, T0));

        var waiting = h.Writer.EnqueueAsync(GpuBatch(50, T0.AddMinutes(1)), CancellationToken.None).AsTask();
        await Eventually.QuietPeriod();
        Assert.False(waiting.IsCompleted);

        await h.Writer.FlushAsync();
        await waiting;

        Assert.Equal(50, h.Writer.BufferedRows);
        Assert.Equal(0, h.Meters.Total(BatchingWriterMetrics.RowsRejected));
    }

    [Fact]
    public async Task EnqueueAsync_CancelledWhileWaiting_ThrowsAndLeavesBufferUnchanged()
    {
        await using var h = new WriterHarness(SmallBuffer);
        h.Writer.TryEnqueue(GpuBatch(60, T0));
        using var cancel = new CancellationTokenSource();

        var waiting = h.Writer.EnqueueAsync(GpuBatch(50, T0.AddMinutes(1)), cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(60, h.Writer.BufferedRows);
    }

    [Fact]
    public async Task EnqueueAsync_BatchLargerThanBuffer_ThrowsInsteadOfWaitingForever()
    {
        await using var h = new WriterHarness(SmallBuffer);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => h.Writer.EnqueueAsync(GpuBatch(101, T0), CancellationToken.None).AsTask());
    }
}
