using Observability.ClickHouseStore;
using Observability.Contract.Tests.Support;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;
using static Observability.Contract.Tests.Support.ChSqlProbe;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Contract.Tests.ClickHouse;

/// <summary>
/// The store inserts Native blocks, written column by column in slices of 4,096 rows. These rows cross slice
/// boundaries in every column kind (null maps, array offsets, strings), so a layout mistake shows up as a wrong
/// value, a refused INSERT or a shifted column.
/// </summary>
[Collection(ClickHouseCollection.Name)]
public sealed class NativeBlockTests(ClickHouseFixture clickHouse)
{
    private const int Rows = 10_000;
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string[] Strings = ["", "plain", Hostile, Unicode, "nul\0inside\0", "\t\n\r\\N", new string('x', 300) + Unicode];
    private static readonly double[] Values = [double.NaN, 0, -0.0, 1.0 / 3, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue, -12.5];

    [Fact]
    public async Task WriteAsync_BlocksOfManySlices_EveryColumnOfEveryTableReadBackExactly()
    {
        await using var store = clickHouse.NewStore();
        var batch = MixedBatch();
        batch.BatchId = "native-" + Unicode;

        await store.WriteAsync(batch, None);

        var range = TimeRange.All;
        Assert.Equal(Sorted(batch.GpuSamples.Select(Describe.Row)), Sorted((await store.ReadGpuSamplesAsync(range, None)).Select(Describe.Row)));
        Assert.Equal(Sorted(batch.ServingSamples.Select(Describe.Row)), Sorted((await store.ReadServingSamplesAsync(range, None)).Select(Describe.Row)));
        Assert.Equal(Sorted(batch.ServingHistograms.Select(Describe.Row)), Sorted((await store.ReadServingHistogramsAsync(range, null, None)).Select(Describe.Row)));
        Assert.Equal(Sorted(batch.RawSamples.Select(Describe.Row)), Sorted((await store.ReadRawSamplesAsync(range, None)).Select(Describe.Row)));
        Assert.Equal(Sorted(batch.ScrapeStatuses.Select(Describe.Row)), Sorted((await store.ReadScrapeStatusesAsync(range, None)).Select(Describe.Row)));
        Assert.Equal(Sorted(batch.RequestEvents.Select(Describe.Row)), Sorted((await store.ReadRequestEventsAsync(range, None)).Select(Describe.Row)));
    }

    [Fact]
    public async Task WriteAsync_NullsAndEmptyArrays_StoredAsNullAndEmptyNotAsPlaceholders()
    {
        await using var store = clickHouse.NewStore();
        await store.WriteAsync(MixedBatch(), None);

        var histograms = Table(store, "serving_histograms");
        Assert.Equal(Rows / 5, await CountAsync(store, $"SELECT count() AS n FROM {histograms} WHERE empty(upper_bounds) AND empty(bucket_counts)"));
        Assert.Equal(Enumerable.Range(0, Rows).Sum(i => (long)(i % 5)), await CountAsync(store, $"SELECT sum(length(upper_bounds)) AS n FROM {histograms}"));
        var nulls = Enumerable.Range(0, Rows).Count(i => double.IsNaN(Values[i % Values.Length]));
        Assert.Equal(nulls, await CountAsync(store, $"SELECT count() AS n FROM {Table(store, "raw_samples")} WHERE isNull(value)"));
        Assert.Equal(Rows / 2, await CountAsync(store, $"SELECT count() AS n FROM {Table(store, "request_events")} WHERE isNull(input_tokens)"));
        Assert.Equal(0, await CountAsync(store, $"SELECT count() AS n FROM {Table(store, "gpu_samples")} WHERE isNaN(assumeNotNull({GpuFieldCatalog.All[0].Column}))"));
    }

    [Fact]
    public async Task WriteAsync_OneInsertOfManyRows_StoredAsOnePartPerTable()
    {
        await using var store = clickHouse.NewStore();
        await store.WriteAsync(MixedBatch(), None);

        foreach (var table in new[] { "gpu_samples", "serving_samples", "serving_histograms", "raw_samples", "scrape_status", "request_events" })
        {
            Assert.Equal(1, await CountAsync(store,
                $"SELECT count() AS n FROM system.parts WHERE database = '{store.Topology.Database}' AND table = '{table}' AND active"));
        }
    }

    private static List<string> Sorted(IEnumerable<string> rows) => [.. rows.Order(StringComparer.Ordinal)];

    /// <summary>Rows of every table, one month, distinct microseconds; values cycle through the awkward cases.</summary>
    private static RowBatch MixedBatch()
    {
        var batch = new RowBatch();
        var gpus = Enumerable.Range(0, 37).Select(g => Gpu(uuid: $"GPU-{g}-{Strings[g % Strings.Length]}", node: Strings[(g + 1) % Strings.Length])).ToArray();
        var servers = Enumerable.Range(0, 11).Select(s => Server(model: $"m{s}{Strings[s % Strings.Length]}")).ToArray();
        for (var i = 0; i < Rows; i++)
        {
            var ts = T0.AddTicks(i * 10_017L * 10); // whole microseconds, what the store keeps
            var text = Strings[i % Strings.Length];
            var gpuValues = GpuSample.NewValues();
            for (var f = 0; f < gpuValues.Length; f++)
            {
                gpuValues[f] = Values[(i + f) % Values.Length];
            }

            batch.GpuSamples.Add(new GpuSample(ts, text, gpus[i % gpus.Length], gpuValues));
            batch.ServingSamples.Add(ServingRow(ts, servers[i % servers.Length], f => Values[(i + (int)f) % Values.Length]));
            var bounds = Enumerable.Range(0, i % 5).Select(b => b == 3 ? double.PositiveInfinity : b * 0.5).ToArray();
            batch.ServingHistograms.Add(new ServingHistogram(ts, text, servers[i % servers.Length], "m" + text, bounds,
                [.. bounds.Select((_, b) => Values[(i + b + 1) % Values.Length])], Values[i % Values.Length], Values[(i + 1) % Values.Length]));
            batch.RawSamples.Add(new RawSample(ts, text, "name" + text, "{l=\"" + text + "\"}", Values[i % Values.Length]));
            batch.ScrapeStatuses.Add(new ScrapeStatus(ts, text, "job" + text, i % 2 == 0, Values[i % Values.Length], i - 5_000, text));
            batch.RequestEvents.Add(new RequestEvent
            {
                Timestamp = ts,
                RequestId = $"r{i}",
                Tenant = text,
                Model = "m" + text,
                Status = (RequestStatus)(i % 4),
                InputTokens = i % 2 == 0 ? null : i * 1_000_000_007L,
                OutputTokens = i % 3 == 0 ? null : -i,
                CachedInputTokens = i % 5 == 0 ? null : 0,
                TtftSeconds = Values[i % Values.Length],
                E2eSeconds = Values[(i + 3) % Values.Length],
                Cluster = text,
                GpuUuid = "GPU-" + text,
            });
        }

        return batch;
    }
}
