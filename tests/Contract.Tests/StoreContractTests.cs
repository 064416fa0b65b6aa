using Observability.Contract.Tests.Support;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;
using static Observability.Contract.Tests.Support.ContractRows;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Contract.Tests;

/// <summary>
/// The store contract, once, for every store: each subclass supplies a fresh store and every test holds it to the
/// same answers on the same data. Expected answers are computed in memory from the rows written.
/// </summary>
public abstract class StoreContractTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Ranges whose aggregates must agree: everything, whole hours only, and partial hours at both ends.</summary>
    public static readonly TheoryData<int> RangeCases = new() { 0, 1, 2, 3, 4 };

    protected abstract Task<ITelemetryStore> CreateStoreAsync();

    /// <summary>How the store keeps a string it was given. DuckDB replaces NUL with U+FFFD (its C API cuts strings at NUL).</summary>
    protected virtual string Stored(string written) => written;

    private static TimeRange Range(int which) => which switch
    {
        0 => TimeRange.All,
        1 => new(T0, T0.AddHours(3)),
        2 => new(T0.AddMinutes(1), T0.AddHours(2).AddMinutes(31)),
        3 => new(T0.AddHours(1), T0.AddHours(2)),
        _ => new(T0.AddMinutes(59).AddSeconds(59).AddTicks(9_999_990), T0.AddHours(3).AddMinutes(5)),
    };

    [Fact]
    public async Task ReadAsync_FleetBatch_EveryTableReadBackInContractOrder()
    {
        await using var store = await CreateStoreAsync();
        var batch = Fleet();
        await store.WriteAsync(batch, None);

        var gpu = await store.ReadGpuSamplesAsync(TimeRange.All, None);
        var serving = await store.ReadServingSamplesAsync(TimeRange.All, None);
        var histograms = await store.ReadServingHistogramsAsync(TimeRange.All, null, None);
        var raw = await store.ReadRawSamplesAsync(TimeRange.All, None);
        var statuses = await store.ReadScrapeStatusesAsync(TimeRange.All, None);
        var requests = await store.ReadRequestEventsAsync(TimeRange.All, None);

        Assert.Equal(
            batch.GpuSamples.OrderBy(s => s.Timestamp).ThenBy(s => s.Gpu.Uuid, StringComparer.Ordinal)
                .ThenBy(s => s.Gpu.MigInstanceId, StringComparer.Ordinal).Select(Describe.Row),
            gpu.Select(Describe.Row));
        Assert.Equal(
            batch.ServingSamples.OrderBy(s => s.Timestamp).ThenBy(s => s.Server.Model, StringComparer.Ordinal).Select(Describe.Row),
            serving.Select(Describe.Row));
        Assert.Equal(
            batch.ServingHistograms.OrderBy(h => h.Timestamp).ThenBy(h => h.Metric, StringComparer.Ordinal).Select(Describe.Row),
            histograms.Select(Describe.Row));
        Assert.Equal(batch.RawSamples.Select(Describe.Row), raw.Select(Describe.Row));
        Assert.Equal(batch.ScrapeStatuses.Select(Describe.Row), statuses.Select(Describe.Row));
        Assert.Equal(
            batch.RequestEvents.OrderBy(e => e.Timestamp).ThenBy(e => e.RequestId, StringComparer.Ordinal).Select(Describe.Row),
            requests.Select(Describe.Row));
        Assert.Same(gpu[0].Gpu, gpu.Last(s => s.Gpu.Uuid == gpu[0].Gpu.Uuid && s.Gpu.MigInstanceId == gpu[0].Gpu.MigInstanceId).Gpu);
    }

    [Theory]
    [MemberData(nameof(RangeCases))]
    public async Task QueryAsync_Aggregates_MatchTheRowsInTheRange(int range)
    {
        await using var store = await CreateStoreAsync();
        var batch = Fleet();
        await store.WriteAsync(batch, None);
        var r = Range(range);

        Assert.Equal(Expected.Utilization(batch, r).Select(Describe.Row), (await store.QueryGpuUtilizationAsync(r, None)).Select(Describe.Row));
        Assert.Equal(Expected.ModelTotals(batch, r).Select(Describe.Row), (await store.QueryModelTotalsAsync(r, None)).Select(Describe.Row));
        Assert.Equal(Expected.Usage(batch, r), await store.QueryTenantUsageAsync(r, None));
    }

    [Theory]
    [MemberData(nameof(RangeCases))]
    public async Task ReadAsync_Range_IsHalfOpenToTheMicrosecond(int range)
    {
        await using var store = await CreateStoreAsync();
        var batch = Fleet();
        await store.WriteAsync(batch, None);
        var r = Range(range);

        var expected = batch.GpuSamples.Where(s => r.Contains(s.Timestamp)).Select(s => s.Timestamp).Distinct().Order().ToList();
        var read = (await store.ReadGpuSamplesAsync(r, None)).Select(s => s.Timestamp).Distinct().ToList();
        Assert.Equal(expected, read);
        Assert.Equal(batch.RequestEvents.Count(e => r.Contains(e.Timestamp)), (await store.ReadRequestEventsAsync(r, None)).Count);
        Assert.Equal(batch.ScrapeStatuses.Count(e => r.Contains(e.Timestamp)), (await store.ReadScrapeStatusesAsync(r, None)).Count);
    }

    [Fact]
    public async Task ReadServingHistogramsAsync_OneMetric_OnlyThatMetric_AndAHostileMetricMatchesNothing()
    {
        await using var store = await CreateStoreAsync();
        await store.WriteAsync(Fleet(), None);

        var itl = await store.ReadServingHistogramsAsync(TimeRange.All, ServingHistogramNames.InterToken, None);
        var hostile = await store.ReadServingHistogramsAsync(TimeRange.All, "x' OR 1=1 OR metric = '" + Hostile + "\\", None);

        Assert.Equal(7, itl.Count);
        Assert.All(itl, h => Assert.Equal(ServingHistogramNames.InterToken, h.Metric));
        Assert.Empty(hostile);
        Assert.Equal(14, (await store.ReadServingHistogramsAsync(TimeRange.All, null, None)).Count);
    }

    [Fact]
    public async Task WriteAsync_HostileStrings_StoredVerbatimInEveryKindOfColumn()
    {
        await using var store = await CreateStoreAsync();
        var nasty = Hostile + "\ttab\nnewline\r\\N\\0 \u0001\u2028" + Unicode + "'); DROP TABLE gpu_samples; --\0nul";
        var batch = new RowBatch { BatchId = nasty };
        batch.GpuSamples.Add(GpuRow(T0, Gpu(uuid: nasty, node: nasty, model: nasty)));
        batch.RawSamples.Add(new RawSample(T0, nasty, nasty, nasty, 1));
        batch.RequestEvents.Add(Request(T0, nasty, nasty, nasty, RequestStatus.Success, 1, 2));
        batch.ScrapeStatuses.Add(new ScrapeStatus(T0, nasty, nasty, false, 1, 2, nasty));

        await store.WriteAsync(batch, None);
        batch.MayBeStored = true; // a replay: the id is looked up, through the same escaping
        await store.WriteAsync(batch, None);

        var expected = Stored(nasty);
        var gpu = Assert.Single(await store.ReadGpuSamplesAsync(TimeRange.All, None));
        Assert.Equal((expected, expected, expected), (gpu.Gpu.Uuid, gpu.Gpu.Node, gpu.Gpu.ModelName));
        var raw = Assert.Single(await store.ReadRawSamplesAsync(TimeRange.All, None));
        Assert.Equal((expected, expected, expected), (raw.Target, raw.Name, raw.Labels));
        var request = Assert.Single(await store.ReadRequestEventsAsync(TimeRange.All, None));
        Assert.Equal((expected, expected, expected), (request.RequestId, request.Tenant, request.Model));
        Assert.Equal(expected, Assert.Single(await store.ReadScrapeStatusesAsync(TimeRange.All, None)).Error);
        Assert.Equal(expected, Assert.Single(await store.QueryTenantUsageAsync(TimeRange.All, None)).Tenant);
    }

    [Fact]
    public async Task WriteAsync_NaNAndInfinities_NaNStaysAbsentAndInfinitiesRoundTrip()
    {
        await using var store = await CreateStoreAsync();
        var values = GpuSample.NewValues();
        values[0] = double.PositiveInfinity;
        values[1] = double.NegativeInfinity;
        values[2] = 0.1 + 0.2;
        values[3] = double.Epsilon;
        values[4] = double.MaxValue;
        values[5] = -0.0;
        values[6] = 1.0 / 3;
        var batch = Batch(new GpuSample(T0, "t", Gpu(), values));
        batch.RawSamples.Add(new RawSample(T0, "t", "n", "{}", double.NaN));

        await store.WriteAsync(batch, None);

        var read = Assert.Single(await store.ReadGpuSamplesAsync(TimeRange.All, None));
        Assert.Equal(values.Select(Describe.D), read.Values.Select(Describe.D));
        Assert.True(double.IsNaN(Assert.Single(await store.ReadRawSamplesAsync(TimeRange.All, None)).Value));
        Assert.True(double.IsNaN(Assert.Single(await store.QueryGpuUtilizationAsync(TimeRange.All, None)).MeanUtilPct));
    }

    [Fact]
    public async Task WriteAsync_SameBatchIdTwice_EveryRowStoredOnce()
    {
        await using var store = await CreateStoreAsync();
        var batch = Fleet();
        batch.BatchId = "batch-7";

        await store.WriteAsync(batch, None);
        batch.MayBeStored = true; // as after a write that failed although it landed, or a replay from the spool
        await store.WriteAsync(batch, None);

        var once = Fleet();
        Assert.Equal(once.GpuSamples.Count, (await store.ReadGpuSamplesAsync(TimeRange.All, None)).Count);
        Assert.Equal(once.RequestEvents.Count, (await store.ReadRequestEventsAsync(TimeRange.All, None)).Count);
        Assert.Equal(once.ServingHistograms.Count, (await store.ReadServingHistogramsAsync(TimeRange.All, null, None)).Count);
        Assert.Equal(Expected.Usage(once, TimeRange.All), await store.QueryTenantUsageAsync(TimeRange.All, None));
        Assert.Equal(Expected.Utilization(once, Range(1)).Select(Describe.Row), (await store.QueryGpuUtilizationAsync(Range(1), None)).Select(Describe.Row));
    }

    [Fact]
    public async Task WriteAsync_DifferentBatchIdsOrNone_EveryWriteStored()
    {
        await using var store = await CreateStoreAsync();
        var batch = Batch(GpuRow(T0, Gpu()));

        batch.BatchId = "a";
        await store.WriteAsync(batch, None);
        batch.BatchId = "b";
        await store.WriteAsync(batch, None);
        batch.BatchId = null;
        await store.WriteAsync(batch, None);
        await store.WriteAsync(batch, None);

        Assert.Equal(4, (await store.ReadGpuSamplesAsync(TimeRange.All, None)).Count);
    }

    [Fact]
    public async Task WriteAsync_EmptyBatchWithId_NothingStoredAndTheIdStaysUsable()
    {
        await using var store = await CreateStoreAsync();

        await store.WriteAsync(new RowBatch { BatchId = "empty" }, None);
        var batch = Batch(GpuRow(T0, Gpu()));
        batch.BatchId = "empty";
        await store.WriteAsync(batch, None);

        Assert.Single(await store.ReadGpuSamplesAsync(TimeRange.All, None));
        Assert.Empty(await store.ReadRequestEventsAsync(TimeRange.All, None));
        Assert.Empty(await store.QueryTenantUsageAsync(TimeRange.All, None));
        Assert.Empty(await store.QueryModelTotalsAsync(TimeRange.All, None));
    }

    [Fact]
    public async Task WriteAsync_SubMicrosecondTicks_TruncatedToTheMicrosecondLikeDuckDb()
    {
        await using var store = await CreateStoreAsync();
        var local = new DateTime(2025, 3, 1, 12, 0, 0, DateTimeKind.Local).AddTicks(1_234_567);
        await store.WriteAsync(Batch(GpuRow(T0.AddTicks(1_234_567), Gpu()), GpuRow(local, Gpu("GPU-local"))), None);

        var read = await store.ReadGpuSamplesAsync(TimeRange.All, None);

        Assert.Equal(
            new[] { T0.AddTicks(1_234_560), local.ToUniversalTime().AddTicks(-7) }.Order(),
            read.Select(r => r.Timestamp));
        Assert.All(read, r => Assert.Equal(DateTimeKind.Utc, r.Timestamp.Kind));
    }

    [Fact]
    public async Task InitializeAsync_Repeated_SchemaVersionStable()
    {
        await using var store = await CreateStoreAsync();
        await store.InitializeAsync(None);
        var version = await store.GetSchemaVersionAsync(None);
        await store.InitializeAsync(None);

        Assert.True(version > 0);
        Assert.Equal(version, await store.GetSchemaVersionAsync(None));
    }
}
