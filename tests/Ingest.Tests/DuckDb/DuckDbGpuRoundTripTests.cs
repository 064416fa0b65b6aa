using Observability.Ingest.Contract;
using Observability.Ingest.Model;
using Observability.Ingest.Tests.Support;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Ingest.Tests.DuckDb;

public sealed class DuckDbGpuRoundTripTests
{
    [Fact]
    public async Task WriteAsync_GpuRowsWithAbsentFields_ReadBackEqualWithNaNStoredAsNull()
    {
        await using var store = StoreSql.InMemory();
        var gpu = Gpu(mig: "3");
        var written = GpuRow(T0, gpu);
        await store.WriteAsync(Batch(written), CancellationToken.None);

        var read = Assert.Single(await store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None));

        Assert.Equal(T0, read.Timestamp);
        Assert.Equal(DateTimeKind.Utc, read.Timestamp.Kind);
        Assert.Equal("dcgm:9400", read.Target);
        Assert.Equal(gpu, read.Gpu);
        Assert.Equal(written.Values, read.Values);
        var absentColumn = GpuFieldCatalog.All[2].Column;
        Assert.Equal(1, await StoreSql.CountAsync(store, $"SELECT count(*) FROM gpu_samples WHERE {absentColumn} IS NULL"));
        Assert.Equal(0, await StoreSql.CountAsync(store, $"SELECT count(*) FROM gpu_samples WHERE isnan({absentColumn})"));
    }

    [Fact]
    public async Task WriteAsync_EveryIdentityColumnDistinct_EachStringLandsInItsOwnColumn()
    {
        await using var store = StoreSql.InMemory();
        var gpu = new GpuIdentity("c1", "n2", "g3", "u4", "p5", "d6", "m7", "mp8", "mi9", "dv10", "ns11", "pod12", "ct13");
        await store.WriteAsync(Batch(GpuRow(T0, gpu)), CancellationToken.None);

        var read = Assert.Single(await store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None));

        Assert.Equal(gpu, read.Gpu);
        Assert.Equal("u4", await StoreSql.ScalarAsync(store, "SELECT uuid FROM gpu_samples"));
        Assert.Equal("g3", await StoreSql.ScalarAsync(store, "SELECT gpu FROM gpu_samples"));
        Assert.Equal("ct13", await StoreSql.ScalarAsync(store, "SELECT container FROM gpu_samples"));
    }

    [Fact]
    public async Task WriteAsync_HostileAndUnicodeStrings_StoredVerbatim()
    {
        await using var store = StoreSql.InMemory();
        var gpu = Gpu(uuid: Hostile, node: Unicode, model: "tab\there\nnewline\r\u0001\u2028");
        await store.WriteAsync(Batch(GpuRow(T0, gpu)), CancellationToken.None);

        var read = Assert.Single(await store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None));

        Assert.Equal(gpu, read.Gpu);
        Assert.Equal(Hostile, await StoreSql.ScalarAsync(store, "SELECT uuid FROM gpu_samples"));
    }

    [Fact]
    public async Task WriteAsync_StringWithNulCharacter_NulReplacedAndRestOfValueKept()
    {
        await using var store = StoreSql.InMemory();
        await store.WriteAsync(Batch(GpuRow(T0, Gpu(uuid: "GPU-1\0-hidden"))), CancellationToken.None);

        var read = Assert.Single(await store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None));

        Assert.Equal("GPU-1\uFFFD-hidden", read.Gpu.Uuid);
    }

    [Fact]
    public async Task ReadGpuSamplesAsync_RowsWrittenOutOfOrder_OrderedByTimeThenUuidThenMigInstance()
    {
        await using var store = StoreSql.InMemory();
        await store.WriteAsync(
            Batch(
                GpuRow(T0.AddSeconds(1), Gpu("GPU-a")),
                GpuRow(T0, Gpu("GPU-b", mig: "2")),
                GpuRow(T0, Gpu("GPU-b", mig: "1")),
                GpuRow(T0, Gpu("GPU-a"))),
            CancellationToken.None);

        var read = await store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None);

        Assert.Equal(
            ["0 GPU-a ", "0 GPU-b 1", "0 GPU-b 2", "1 GPU-a "],
            read.Select(r => $"{(r.Timestamp - T0).TotalSeconds} {r.Gpu.Uuid} {r.Gpu.MigInstanceId}"));
    }

    [Fact]
    public async Task ReadGpuSamplesAsync_RangeIsHalfOpen_RowAtEndExcludedRowAtStartIncluded()
    {
        await using var store = StoreSql.InMemory();
        var gpu = Gpu();
        await store.WriteAsync(Batch(GpuRow(T0, gpu), GpuRow(T0.AddMinutes(1), gpu), GpuRow(T0.AddMinutes(2), gpu)), CancellationToken.None);

        var read = await store.ReadGpuSamplesAsync(new TimeRange(T0.AddMinutes(1), T0.AddMinutes(2)), CancellationToken.None);

        Assert.Equal(T0.AddMinutes(1), Assert.Single(read).Timestamp);
    }

    [Fact]
    public async Task WriteAsync_MillisecondAndMicrosecondTimestamps_RoundTripExactly()
    {
        await using var store = StoreSql.InMemory();
        var gpu = Gpu();
        var millis = T0.AddMilliseconds(123);
        var micros = T0.AddTicks(4_567_891_0); // 4.567891 s: six fractional digits, DuckDB's precision
        await store.WriteAsync(Batch(GpuRow(millis, gpu), GpuRow(micros, gpu)), CancellationToken.None);

        var read = await store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None);

        Assert.Equal([millis, micros], read.Select(r => r.Timestamp));
    }

    [Fact]
    public async Task ReadGpuSamplesAsync_RowsOfOneGpu_ShareOneIdentityInstance()
    {
        await using var store = StoreSql.InMemory();
        await store.WriteAsync(Batch(GpuRow(T0, Gpu()), GpuRow(T0.AddSeconds(1), Gpu())), CancellationToken.None);

        var read = await store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None);

        Assert.Same(read[0].Gpu, read[1].Gpu);
    }
}
