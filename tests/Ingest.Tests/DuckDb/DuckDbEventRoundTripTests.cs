using Observability.Ingest.Contract;
using Observability.Ingest.Model;
using Observability.Ingest.Tests.Support;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Ingest.Tests.DuckDb;

public sealed class DuckDbEventRoundTripTests
{
    [Fact]
    public async Task WriteAsync_RawSamplesWithHostileLabelsAndSpecialValues_ReadBackEqualAndOrdered()
    {
        await using var store = StoreSql.InMemory();
        var batch = new RowBatch();
        batch.RawSamples.AddRange(
        [
            new RawSample(T0, "t1", "zeta", "{}", 1),
            new RawSample(T0, "t1", "alpha", $"{{a=\"{Hostile}\"}}", double.PositiveInfinity),
            new RawSample(T0, "t1", "alpha", $"{{a=\"{Unicode}\"}}", double.NaN),
            new RawSample(T0.AddSeconds(-1), "t2", "late", "{}", -0.5),
        ]);
        await store.WriteAsync(batch, CancellationToken.None);

        var read = await store.ReadRawSamplesAsync(TimeRange.All, CancellationToken.None);

        Assert.Equal(
            [batch.RawSamples[3], batch.RawSamples[1], batch.RawSamples[2], batch.RawSamples[0]],
            read);
    }

    [Fact]
    public async Task WriteAsync_ScrapeStatuses_ReadBackEqualAndOrderedByTimeThenTarget()
    {
        await using var store = StoreSql.InMemory();
        var batch = new RowBatch();
        batch.ScrapeStatuses.AddRange(
        [
            new ScrapeStatus(T0, "b:9400", "dcgm", false, 10.0, 0, $"connection refused: {Hostile} {Unicode}"),
            new ScrapeStatus(T0, "a:9400", "dcgm", true, 0.125, 1234, ""),
            new ScrapeStatus(T0.AddMilliseconds(-1), "z:8000", "vllm", true, double.NaN, 7, ""),
        ]);
        await store.WriteAsync(batch, CancellationToken.None);

        var read = await store.ReadScrapeStatusesAsync(TimeRange.All, CancellationToken.None);

        Assert.Equal([batch.ScrapeStatuses[2], batch.ScrapeStatuses[1], batch.ScrapeStatuses[0]], read);
    }

    [Fact]
    public async Task WriteAsync_EveryTableInOneBatch_AllRowsStored()
    {
        await using var store = StoreSql.InMemory();
        var batch = Batch(GpuRow(T0, Gpu()));
        batch.ServingSamples.Add(ServingRow(T0, Server(), _ => 1));
        batch.ServingHistograms.Add(Histogram(T0, Server()));
        batch.RawSamples.Add(new RawSample(T0, "t", "n", "{}", 1));
        batch.ScrapeStatuses.Add(new ScrapeStatus(T0, "t", "j", true, 1, 1, ""));

        await store.WriteAsync(batch, CancellationToken.None);

        Assert.Single(await store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None));
        Assert.Single(await store.ReadServingSamplesAsync(TimeRange.All, CancellationToken.None));
        Assert.Single(await store.ReadServingHistogramsAsync(TimeRange.All, null, CancellationToken.None));
        Assert.Single(await store.ReadRawSamplesAsync(TimeRange.All, CancellationToken.None));
        Assert.Single(await store.ReadScrapeStatusesAsync(TimeRange.All, CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_LaterTableFailsMidBatch_NoRowOfTheBatchIsKept()
    {
        await using var store = StoreSql.InMemory();
        await store.InitializeAsync(CancellationToken.None);
        // Sabotage the last table the batch touches, so the GPU rows are appended before the failure.
        await StoreSql.ExecuteAsync(store, "DROP TABLE scrape_status");
        var batch = Batch(GpuRow(T0, Gpu()));
        batch.ScrapeStatuses.Add(new ScrapeStatus(T0, "t", "j", true, 1, 1, ""));

        await Assert.ThrowsAnyAsync<Exception>(() => store.WriteAsync(batch, CancellationToken.None));

        Assert.Empty(await store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None));
        await store.WriteAsync(Batch(GpuRow(T0, Gpu())), CancellationToken.None);
        Assert.Single(await store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None));
    }

    [Fact]
    public async Task ReadGpuSamplesAsync_WhileAnotherTaskWrites_ReadersSeeOnlyWholeBatches()
    {
        await using var store = StoreSql.InMemory();
        const int batches = 20;
        const int rowsPerBatch = 50;
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < batches; i++)
            {
                await store.WriteAsync(GpuBatch(rowsPerBatch, T0.AddHours(i)), CancellationToken.None);
            }
        });

        var counts = new List<int>();
        while (!writer.IsCompleted)
        {
            counts.Add((await store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None)).Count);
        }

        await writer;
        Assert.All(counts, c => Assert.Equal(0, c % rowsPerBatch));
        Assert.Equal(batches * rowsPerBatch, (await store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None)).Count);
    }
}
