using Observability.Ingest.Tests.Support;
using Observability.Ingest.Writer;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Ingest.Tests.Writer;

public sealed class BatchingWriterBatchIdTests
{
    private static readonly BatchingWriterOptions Options = new()
    {
        MaxBatchRows = 100,
        MaxBufferedRows = 1_000,
        FlushInterval = TimeSpan.FromHours(1),
        MaxWriteAttempts = 2,
        InitialRetryDelay = TimeSpan.FromMilliseconds(100),
        MaxRetryDelay = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public async Task FlushAsync_MergedBatches_WrittenUnderOneNewId()
    {
        await using var h = new WriterHarness(Options);
        h.Writer.TryEnqueue(GpuBatch(10, T0));
        h.Writer.TryEnqueue(GpuBatch(10, T0.AddMinutes(1)));

        await h.Writer.FlushAsync();

        var id = Assert.Single(h.Store.WrittenBatchIds);
        Assert.Equal(32, id!.Length);
        Assert.Equal(20, await h.StoredGpuRowsAsync());
    }

    [Fact]
    public async Task FlushAsync_AfterAFailedCycle_RetriesUnderTheSameIdWithoutMergingNewerRows()
    {
        await using var h = new WriterHarness(Options, storeFailures: 2);
        var first = GpuBatch(10, T0);
        h.Writer.TryEnqueue(first);
        var failed = h.Writer.FlushAsync();
        await Eventually.WaitAsync(() => failed.IsCompleted, "the failed cycle", h.Time);
        await Assert.ThrowsAsync<IOException>(() => failed);
        var id = first.BatchId;
        Assert.NotNull(id);

        h.Writer.TryEnqueue(GpuBatch(10, T0.AddMinutes(1)));
        await h.Writer.FlushAsync();

        var written = h.Store.WrittenBatchIds.ToArray();
        Assert.Equal(2, written.Length);
        Assert.Equal(id, written[0]);
        Assert.NotEqual(id, written[1]);
        Assert.Equal([10, 10], h.Store.WrittenBatchSizes);
    }
}
