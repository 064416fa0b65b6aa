using Observability.Collectors.Exposition;
using Observability.Collectors.Mapping;
using Observability.Ingest.Model;
using Observability.Ingest.Writer;
using Observability.RemoteWrite.Implementation;
using Observability.RemoteWrite.Protocol;
using Observability.RemoteWrite.Tests.Support;

namespace Observability.RemoteWrite.Tests;

/// <summary>How samples become scrapes: held per target and timestamp for the assembly delay, mapped in order, late ones counted.</summary>
public sealed class AssemblyTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Accept_ScrapeInPieces_MappedOnceAfterTheDelayFromItsFirstPiece()
    {
        await using var intake = await IntakeUnderTest.StartAsync();
        var t = SampleBodies.Now(intake);
        var request = SampleBodies.Request(t);
        var first = new WriteRequest { Timeseries = { request.Timeseries.Take(2) } };
        var rest = new WriteRequest { Timeseries = { request.Timeseries.Skip(2) } };

        Assert.Equal(204, intake.Post(WriteRequests.Encode(first)).Status);
        intake.Time.Advance(Delay / 2);
        Assert.Equal(204, intake.Post(WriteRequests.Encode(rest)).Status);
        await intake.Store.Writer.FlushAsync();
        Assert.Equal(0, (await intake.Store.RowsAsync()).Count);

        intake.Time.Advance(Delay / 2 + TimeSpan.FromSeconds(1));
        var rows = await intake.Store.RowsAsync();

        Assert.Equal(2, rows.Gpus.Count);
        Assert.Single(rows.Serving);
        Assert.Equal(0, intake.Intake.PendingSamples);
        Assert.Equal(1, intake.Counters.Sum("obs_remote_write_scrapes"));
    }

    [Fact]
    public async Task Accept_NewerScrapeFirst_MappedInTimestampOrderWithIncreases()
    {
        await using var intake = await IntakeUnderTest.StartAsync();
        var t = SampleBodies.Now(intake);

        Assert.Equal(204, intake.Post(WriteRequests.Encode(Scaled(t + 15_000, 2))).Status);
        Assert.Equal(204, intake.Post(WriteRequests.Encode(Scaled(t, 1))).Status);
        var rows = await intake.RowsAsync();

        var serving = rows.Serving.OrderBy(r => r.Timestamp).ToList();
        Assert.Equal(2, serving.Count);
        Assert.True(double.IsNaN(serving[0][ServingField.PromptTokens]), "the first scrape of a series yields no increase");
        Assert.Equal(100, serving[1][ServingField.PromptTokens]);
    }

    [Fact]
    public async Task Accept_SampleOlderThanTheLastMappedScrape_DroppedAsLateAndCounted()
    {
        await using var intake = await IntakeUnderTest.StartAsync();
        var t = SampleBodies.Now(intake);
        intake.Post(SampleBodies.Body(t));
        intake.Time.Advance(Delay + TimeSpan.FromSeconds(1));
        var before = (await intake.Store.RowsAsync()).Count;

        Assert.Equal(204, intake.Post(SampleBodies.Body(t)).Status);
        Assert.Equal(204, intake.Post(SampleBodies.Body(t - 15_000)).Status);

        Assert.Equal(before, (await intake.RowsAsync()).Count);
        Assert.Equal(10, intake.Counters.Sum("obs_remote_write_samples_dropped", ("reason", "late")));
    }

    [Fact]
    public async Task Accept_TargetDownWithStaleMarkers_StatusDownNoRowsAndCounterStateKept()
    {
        await using var intake = await IntakeUnderTest.StartAsync();
        var t = SampleBodies.Now(intake);
        intake.Post(WriteRequests.Encode(WithUp(Scaled(t, 1), t, up: 1)));
        var down = WithUp(Scaled(t + 15_000, 1), t + 15_000, up: 0);
        foreach (var s in down.Timeseries.Where(s => !s.Labels.Any(l => l.Name == "__name__" && l.Value == "up")))
        {
            s.Samples[0].Value = BitConverter.Int64BitsToDouble(0x7ff0000000000002);
        }

        intake.Post(WriteRequests.Encode(down));
        intake.Post(WriteRequests.Encode(WithUp(Scaled(t + 30_000, 3), t + 30_000, up: 1)));
        var rows = await intake.RowsAsync();

        Assert.Equal([true, false, true], rows.Statuses.OrderBy(s => s.Timestamp).Select(s => s.Up));
        Assert.Equal(2, rows.Serving.Count);
        Assert.Equal(200, rows.Serving.Max(r => r[ServingField.PromptTokens]));
        Assert.Equal(5, intake.Counters.Sum("obs_remote_write_samples_dropped", ("reason", "stale_marker")));
    }

    [Fact]
    public async Task Accept_TimestampFarInTheFuture_DroppedAndCountedWithoutBlockingTheTarget()
    {
        await using var intake = await IntakeUnderTest.StartAsync();
        var t = SampleBodies.Now(intake);

        Assert.Equal(204, intake.Post(SampleBodies.Body(t + (long)TimeSpan.FromDays(365).TotalMilliseconds)).Status);
        Assert.Equal(204, intake.Post(SampleBodies.Body(t)).Status);

        Assert.Equal(2, (await intake.RowsAsync()).Gpus.Count);
        Assert.Equal(5, intake.Counters.Sum("obs_remote_write_samples_dropped", ("reason", "future")));
    }

    [Fact]
    public async Task Accept_WriterRefusesRows_503WithRetryAfterUntilItTakesThem()
    {
        await using var intake = await IntakeUnderTest.StartAsync(writer: new BatchingWriterOptions { MaxBatchRows = 1, MaxBufferedRows = 1 });
        var t = SampleBodies.Now(intake);
        Assert.Equal(204, intake.Post(SampleBodies.Body(t)).Status);
        intake.Intake.FlushAll();

        var response = intake.Post(SampleBodies.Body(t + 15_000));

        Assert.Equal(503, response.Status);
        Assert.Equal(TimeSpan.FromSeconds(5), response.RetryAfter);
        Assert.Equal(1, intake.Counters.Sum("obs_remote_write_requests", ("outcome", "saturated")));
        Assert.True(intake.Counters.Sum("obs_remote_write_rows_refused") >= 3);
        Assert.Equal(0, intake.Intake.PendingSamples);
    }

    [Fact]
    public async Task Accept_MorePendingSamplesThanTheBound_503AndNothingTaken()
    {
        await using var intake = await IntakeUnderTest.StartAsync(new RemoteWriteOptions { MaxPendingSamples = 8 });
        var t = SampleBodies.Now(intake);
        Assert.Equal(204, intake.Post(SampleBodies.Body(t)).Status);

        var response = intake.Post(SampleBodies.Body(t, instance: "other:9400"));

        Assert.Equal(503, response.Status);
        Assert.NotNull(response.RetryAfter);
        Assert.Equal(5, intake.Intake.PendingSamples);
    }

    [Fact]
    public async Task Accept_SourceRuleLimitsMappers_OtherSeriesKeptRaw()
    {
        var options = new RemoteWriteOptions { Sources = [new RemoteWriteSourceRule { Job = "no.e", Mappers = ["dcgm"], KeepUnmapped = true }] };
        await using var intake = await IntakeUnderTest.StartAsync(options);

        intake.Post(SampleBodies.Body(SampleBodies.Now(intake)));
        var rows = await intake.RowsAsync();

        Assert.Equal(2, rows.Gpus.Count);
        Assert.Empty(rows.Serving);
        Assert.Equal(["vllm:num_requests_running", "vllm:prompt_tokens_total"], rows.Raw.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.All(rows.Raw, r => Assert.Equal("{engine=\"0\",model_name=\"m\"}", r.Labels));
    }

    [Fact]
    public void Validate_BadRuleAndLimits_EveryProblemNamed()
    {
        var problems = RemoteWriteOptionsValidator.Validate(new RemoteWriteOptions
        {
            MaxBodyBytes = 0,
            RetryAfter = TimeSpan.Zero,
            Sources = [new RemoteWriteSourceRule { Job = "(", Mappers = ["sglang"] }],
        });

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("RemoteWrite.Sources[0].Mappers: unknown mapper 'sglang'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("RemoteWrite.Sources[0].Job", StringComparison.Ordinal));
    }

    [Fact]
    public void Classify_WithAndWithoutMetadata_FollowsTheDocumentedRule()
    {
        var types = new SampleTypes();
        var none = new ByteKeyMap<bool>();
        var lat = new ByteKeyMap<bool>();
        lat.Set("lat"u8, true);
        Assert.Equal((3, MetricType.Histogram), types.Classify("lat_bucket"u8, hasLe: true, hasQuantile: false, none));
        Assert.Equal((3, MetricType.Histogram), types.Classify("lat_count"u8, false, false, lat));
        Assert.Equal((9, MetricType.Unknown), types.Classify("lat_count"u8, false, false, none));
        Assert.Equal((9, MetricType.Counter), types.Classify("req_total"u8, false, false, none));
        Assert.Equal((20, MetricType.Gauge), types.Classify("DCGM_FI_DEV_GPU_UTIL"u8, false, false, none));
        Assert.Equal((36, MetricType.Counter), types.Classify("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION"u8, false, false, none));
        Assert.Equal((3, MetricType.Summary), types.Classify("rpc"u8, false, hasQuantile: true, none));

        types.Learn(MetricMetadata.Types.MetricType.Summary, "lat"u8);
        types.Learn(MetricMetadata.Types.MetricType.Gauge, "req_total"u8);
        Assert.Equal((3, MetricType.Summary), types.Classify("lat_count"u8, false, false, none));
        Assert.Equal((9, MetricType.Gauge), types.Classify("req_total"u8, false, false, none));
    }

    private static WriteRequest Scaled(long timestampMs, double factor) =>
        WriteRequests.From(ExposedSample.Parse(SampleBodies.Page).Select(s => s with { Value = s.Value * factor }), timestampMs, "node", "10.0.0.7:9400");

    private static WriteRequest WithUp(WriteRequest request, long timestampMs, double up)
    {
        request.Timeseries.Add(WriteRequests.Series(new ExposedSample("up", [], up), timestampMs, "node", "10.0.0.7:9400"));
        return request;
    }
}
