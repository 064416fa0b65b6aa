using Observability.Ingest.Tests.Support;
using Observability.Ingest.Writer;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Ingest.Tests.Writer;

public sealed class BatchingWriterRetryTests
{
    private static readonly BatchingWriterOptions Retrying = new()
    {
        MaxBatchRows = 100,
        MaxBufferedRows = 1_000,
        FlushInterval = TimeSpan.FromHours(1),
        MaxWriteAttempts = 4,
        InitialRetryDelay = TimeSpan.FromMilliseconds(100),
        MaxRetryDelay = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public async Task FlushAsync_StoreFailsTwiceThenRecovers_RetriesWithBackoffAndWritesEveryRow()
    {
        await using var h = new WriterHarness(Retrying, storeFailures: 2);
        h.Writer.TryEnqueue(GpuBatch(10, T0));

        var flush = h.Writer.FlushAsync();
        await Eventually.WaitAsync(() => flush.IsCompleted, "the retried write", h.Time, TimeSpan.FromMilliseconds(10));
        await flush;

        var attempts = h.Store.Attempts.ToArray();
        Assert.Equal(3, attempts.Length);
        // Upper bounds allow for fake time the test advances before the loop registers its wait.
        Assert.InRange(attempts[1] - attempts[0], TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(190));
        Assert.InRange(attempts[2] - attempts[1], TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(390));
        Assert.Equal(10, await h.StoredGpuRowsAsync());
        Assert.Equal(2, h.Meters.Total(BatchingWriterMetrics.WriteErrors));
        Assert.Equal(10, h.Meters.Total(BatchingWriterMetrics.RowsWritten));
        Assert.Equal(1, h.Meters.Total(BatchingWriterMetrics.BatchesWritten));
        Assert.Equal(0, h.Writer.BufferedRows);
    }

    [Fact]
    public async Task FlushAsync_StoreFailsEveryAttempt_ThrowsAndKeepsRowsForTheNextCycle()
    {
        await using var h = new WriterHarness(Retrying, storeFailures: int.MaxValue);
        h.Writer.TryEnqueue(GpuBatch(10, T0));

        var flush = h.Writer.FlushAsync();
        await Eventually.WaitAsync(() => flush.IsCompleted, "the write cycle to give up", h.Time);

        await Assert.ThrowsAsync<IOException>(() => flush);
        Assert.Equal(4, h.Store.Attempts.Count);
        Assert.Equal(4, h.Meters.Total(BatchingWriterMetrics.WriteErrors));
        Assert.Equal(10, h.Writer.BufferedRows);
        Assert.Equal(0, h.Meters.Total(BatchingWriterMetrics.RowsDropped));

        h.Store.FailuresLeft = 0;
        await h.Writer.FlushAsync();

        Assert.Equal(10, await h.StoredGpuRowsAsync());
        Assert.Equal(0, h.Writer.BufferedRows);
    }

    [Fact]
    public async Task TryEnqueue_CycleFailedThenStoreRecovers_NextCycleStartsAfterThePauseWithoutAFlush()
    {
        await using var h = new WriterHarness(Retrying, storeFailures: 4);
        h.Writer.TryEnqueue(GpuBatch(100, T0));
        await Eventually.WaitAsync(() => h.Store.Attempts.Count == 4, "the first cycle's attempts", h.Time, TimeSpan.FromMilliseconds(10));

        await Eventually.WaitAsync(() => h.RowsWritten == 100, "the next cycle", h.Time, TimeSpan.FromMilliseconds(100));

        var attempts = h.Store.Attempts.ToArray();
        Assert.True(attempts[4] - attempts[3] >= Retrying.MaxRetryDelay, "the pause after a failed cycle");
        Assert.Equal(100, await h.StoredGpuRowsAsync());
    }

    [Fact]
    public async Task DisposeAsync_StoreStillFailing_CountsBufferedRowsAsDropped()
    {
        var h = new WriterHarness(Retrying, storeFailures: int.MaxValue);
        h.Writer.TryEnqueue(GpuBatch(10, T0));
        h.Writer.TryEnqueue(GpuBatch(5, T0.AddMinutes(1)));

        var dispose = h.Writer.DisposeAsync().AsTask();
        var flush = h.Writer.FlushAsync();
        await Eventually.WaitAsync(() => dispose.IsCompleted, "the writer to give up and stop", h.Time);
        await dispose;

        await Assert.ThrowsAsync<IOException>(() => flush);
        Assert.Equal(15, h.Meters.Total(BatchingWriterMetrics.RowsDropped));
        Assert.Equal(0, h.Meters.Total(BatchingWriterMetrics.RowsWritten));
        Assert.Equal(0, h.Writer.BufferedRows);
        h.Store.FailuresLeft = 0;
        Assert.Equal(0, await h.StoredGpuRowsAsync());
        await h.DisposeAsync();
    }

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(3, 400)]
    [InlineData(4, 800)]
    [InlineData(5, 1000)]
    [InlineData(40, 1000)]
    public void RetryDelay_SuccessiveFailures_DoublesUpToTheCap(int failedAttempts, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryingStoreWrite.RetryDelay(Retrying, failedAttempts));
    }
}
