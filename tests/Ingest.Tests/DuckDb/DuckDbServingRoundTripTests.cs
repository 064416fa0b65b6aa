using Observability.Ingest.Contract;
using Observability.Ingest.Model;
using Observability.Ingest.Tests.Support;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Ingest.Tests.DuckDb;

public sealed class DuckDbServingRoundTripTests
{
    [Fact]
    public async Task WriteAsync_ServingRowsWithAbsentFields_ReadBackEqual()
    {
        await using var store = StoreSql.InMemory();
        var server = new ServingIdentity("c1", "n2", "s3", "m4", "v5", "e6", "g7", "ns8", "p9", Hostile);
        var written = ServingRow(T0, server, f => (int)f % 4 == 0 ? double.NaN : (int)f * 1.5);
        var batch = new RowBatch();
        batch.ServingSamples.Add(written);
        await store.WriteAsync(batch, CancellationToken.None);

        var read = Assert.Single(await store.ReadServingSamplesAsync(TimeRange.All, CancellationToken.None));

        Assert.Equal(T0, read.Timestamp);
        Assert.Equal("vllm:8000", read.Target);
        Assert.Equal(server, read.Server);
        Assert.Equal(written.Values, read.Values);
        Assert.Equal(1, await StoreSql.CountAsync(store, "SELECT count(*) FROM serving_samples WHERE requests_running IS NULL"));
    }

    [Fact]
    public async Task ReadServingSamplesAsync_RowsWrittenOutOfOrder_OrderedByTimeTargetModelEngine()
    {
        await using var store = StoreSql.InMemory();
        var batch = new RowBatch();
        batch.ServingSamples.AddRange(
        [
            ServingRow(T0.AddSeconds(1), Server("a"), _ => 1),
            ServingRow(T0, Server("b", engine: "1"), _ => 1),
            ServingRow(T0, Server("b", engine: "0"), _ => 1),
            ServingRow(T0, Server("a"), _ => 1),
        ]);
        await store.WriteAsync(batch, CancellationToken.None);

        var read = await store.ReadServingSamplesAsync(TimeRange.All, CancellationToken.None);

        Assert.Equal(
            ["0 a 0", "0 b 0", "0 b 1", "1 a 0"],
            read.Select(r => $"{(r.Timestamp - T0).TotalSeconds} {r.Server.Model} {r.Server.Engine}"));
    }

    [Fact]
    public async Task WriteAsync_HistogramWithInfiniteBound_RoundTripsBoundsCountsAndSums()
    {
        await using var store = StoreSql.InMemory();
        var written = Histogram(T0, Server(model: Unicode));
        var batch = new RowBatch();
        batch.ServingHistograms.Add(written);
        await store.WriteAsync(batch, CancellationToken.None);

        var read = Assert.Single(await store.ReadServingHistogramsAsync(TimeRange.All, null, CancellationToken.None));

        Assert.Equal(written.Timestamp, read.Timestamp);
        Assert.Equal(written.Server, read.Server);
        Assert.Equal(written.Metric, read.Metric);
        Assert.Equal(written.UpperBounds, read.UpperBounds);
        Assert.True(double.IsPositiveInfinity(read.UpperBounds[^1]));
        Assert.Equal(written.BucketCounts, read.BucketCounts);
        Assert.Equal(6.5, read.Count);
        Assert.Equal(1.25, read.Sum);
    }

    [Fact]
    public async Task ReadServingHistogramsAsync_MetricGiven_OnlyThatMetricReturned()
    {
        await using var store = StoreSql.InMemory();
        var batch = new RowBatch();
        batch.ServingHistograms.Add(Histogram(T0, Server(), ServingHistogramNames.TimeToFirstToken));
        batch.ServingHistograms.Add(Histogram(T0, Server(), ServingHistogramNames.EndToEnd));
        batch.ServingHistograms.Add(Histogram(T0, Server(), Hostile));
        await store.WriteAsync(batch, CancellationToken.None);

        var e2e = await store.ReadServingHistogramsAsync(TimeRange.All, ServingHistogramNames.EndToEnd, CancellationToken.None);
        var hostile = await store.ReadServingHistogramsAsync(TimeRange.All, Hostile, CancellationToken.None);
        var all = await store.ReadServingHistogramsAsync(TimeRange.All, null, CancellationToken.None);

        Assert.Equal(ServingHistogramNames.EndToEnd, Assert.Single(e2e).Metric);
        Assert.Equal(Hostile, Assert.Single(hostile).Metric);
        Assert.Equal(3, all.Count);
    }

    [Fact]
    public async Task WriteAsync_HistogramWithNaNCount_ReadsBackNaN()
    {
        await using var store = StoreSql.InMemory();
        var batch = new RowBatch();
        batch.ServingHistograms.Add(Histogram(T0, Server()) with { Count = double.NaN, Sum = double.NaN });
        await store.WriteAsync(batch, CancellationToken.None);

        var read = Assert.Single(await store.ReadServingHistogramsAsync(TimeRange.All, null, CancellationToken.None));

        Assert.True(double.IsNaN(read.Count));
        Assert.True(double.IsNaN(read.Sum));
    }
}
