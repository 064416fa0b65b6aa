using Microsoft.Extensions.Time.Testing;
using Observability.Analytics.Slo;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;
using Observability.Slo.Tests.Support;
using static Observability.Slo.Tests.Support.Events;

namespace Observability.Slo.Tests;

/// <summary>SLO values computed in the store, checked against hand-worked numbers, on every store.</summary>
[Collection(ClickHouseCollection.Name)]
public sealed class SloEvaluatorTests(ClickHouseFixture clickHouse)
{
    private readonly FakeTimeProvider _time = new(Now);

    public static TheoryData<string> Stores => TestStores.Names;

    /// <summary>
    /// 9,000 events over [now−30d, now−3d) with 9 failures, then 1,000 in the last hour with 100 failures
    /// (the earliest hundred; a 3.6 s spacing puts the last 83 events, all good, in the last five minutes).
    /// </summary>
    private async Task<TestStore> SeedAsync(string storeName)
    {
        var store = await TestStores.OpenAsync(storeName, _time, clickHouse);
        await WriteSpreadAsync(store.Telemetry, Now.AddDays(-30), Now.AddDays(-3), 9_000, 9);
        await WriteSpreadAsync(store.Telemetry, Now.AddHours(-1), Now, 1_000, 100);
        return store;
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Evaluate_Rolling30d_BudgetAndBurnRatesAsWorked(string storeName)
    {
        await using var store = await SeedAsync(storeName);
        var slo = Slos.Parse("objective: 99.5\ntimeWindow: {rolling: 30d}\nindicator: {kind: availability}");

        var result = await new SloEvaluator(store.Slo, _time).EvaluateAsync(slo, CancellationToken.None);

        var g = Assert.Single(result.Groups);
        Assert.Null(result.Error);
        Assert.Equal(10_000, g.Total);
        Assert.Equal(9_891, g.Good);
        Assert.Equal(0.9891, g.Sli, 1e-12);
        Assert.Equal(1 - (0.0109 / 0.005), g.BudgetRemaining, 1e-9); // −1.18: overspent
        Assert.Equal(20.0, g.Window(TimeSpan.FromHours(1))!.BurnRate, 1e-9); // 10 % errors ÷ 0.5 %
        Assert.Equal(83, g.Window(TimeSpan.FromMinutes(5))!.Total);
        Assert.Equal(0.0, g.Window(TimeSpan.FromMinutes(5))!.BurnRate, 1e-9);
        Assert.Equal(20.0, g.Window(TimeSpan.FromDays(3))!.BurnRate, 1e-9);
        Assert.Equal(7, g.Windows.Count);
        Assert.Equal(TimeSpan.FromDays(30), result.Period);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Evaluate_Rolling28d_CountsOnlyTheLast28Days(string storeName)
    {
        await using var store = await SeedAsync(storeName);
        var slo = Slos.Parse("objective: 99.5\ntimeWindow: {rolling: 28d}\nindicator: {kind: availability}");

        var result = await new SloEvaluator(store.Slo, _time).EvaluateAsync(slo, CancellationToken.None);

        // The first set is spaced 259.2 s apart: events 667..8999 are within 28 days, all good.
        var g = Assert.Single(result.Groups);
        Assert.Equal(8_333 + 1_000, g.Total);
        Assert.Equal(8_333 + 900, g.Good);
        Assert.Equal(1 - (100.0 / 9_333 / 0.005), g.BudgetRemaining, 1e-9);
        Assert.Equal(TimeSpan.FromDays(28), result.Period);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Evaluate_GroupedByTenant_OneResultPerTenant(string storeName)
    {
        await using var store = await TestStores.OpenAsync(storeName, _time, clickHouse);
        await WriteSpreadAsync(store.Telemetry, Now.AddHours(-1), Now, 200, 2, tenant: "acme");
        await WriteSpreadAsync(store.Telemetry, Now.AddHours(-1), Now, 100, 50, tenant: "globex");
        await WriteSpreadAsync(store.Telemetry, Now.AddHours(-1), Now, 100, 50, tenant: "initech", model: "other");
        var slo = Slos.Parse("objective: 99\ntimeWindow: {rolling: 30d}\ngroupBy: tenant\nselector: {models: [m]}\nindicator: {kind: availability}");

        var result = await new SloEvaluator(store.Slo, _time).EvaluateAsync(slo, CancellationToken.None);

        Assert.Equal(["acme", "globex"], result.Groups.Select(g => g.Group));
        Assert.Equal(1.0, result.Groups[0].Window(TimeSpan.FromHours(1))!.BurnRate, 1e-9); // 1 % ÷ 1 %
        Assert.Equal(50.0, result.Groups[1].Window(TimeSpan.FromHours(1))!.BurnRate, 1e-9); // 50 % ÷ 1 %
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Evaluate_Goodput_GoodOnlyWhenEveryThresholdAndSuccessHold(string storeName)
    {
        await using var store = await TestStores.OpenAsync(storeName, _time, clickHouse);
        var batch = new RowBatch();
        var t = Now.AddMinutes(-10);
        batch.RequestEvents.Add(Request(t, ttft: 0.5, itl: 0.010)); // good
        batch.RequestEvents.Add(Request(t, ttft: 0.9, itl: 0.019)); // good
        batch.RequestEvents.Add(Request(t, ttft: 1.5, itl: 0.010)); // TTFT too slow
        batch.RequestEvents.Add(Request(t, ttft: 0.5, itl: 0.050)); // ITL too slow
        batch.RequestEvents.Add(Request(t, ok: false, ttft: 0.5, itl: 0.010)); // failed
        batch.RequestEvents.Add(Request(t, ok: false, ttft: double.NaN, itl: double.NaN)); // failed before a token
        await store.Telemetry.WriteAsync(batch, CancellationToken.None);
        var goodput = Slos.Parse("objective: 99\ntimeWindow: {rolling: 1d}\nindicator:\n  kind: goodput\n  goodput: {ttft: 1s, interToken: 20ms}");
        var latency = Slos.Parse("objective: 99\ntimeWindow: {rolling: 1d}\nindicator:\n  kind: latency\n  latency: {metric: ttft, threshold: 1s}");

        var g = Assert.Single((await new SloEvaluator(store.Slo, _time).EvaluateAsync(goodput, CancellationToken.None)).Groups);
        var l = Assert.Single((await new SloEvaluator(store.Slo, _time).EvaluateAsync(latency, CancellationToken.None)).Groups);

        Assert.Equal((6.0, 2.0), (g.Total, g.Good));
        Assert.Equal((5.0, 4.0), (l.Total, l.Good)); // the request without a TTFT is not judged on latency
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Evaluate_HistogramThresholdOnABound_CountsBucketsUpToIt(string storeName)
    {
        await using var store = await TestStores.OpenAsync(storeName, _time, clickHouse);
        await WriteHistogramsAsync(store.Telemetry);
        var slo = Slos.Parse("objective: 99\ntimeWindow: {rolling: 1d}\nindicator:\n  kind: latency\n  source: servingHistograms\n  latency: {metric: ttft, threshold: 500ms}");

        var g = Assert.Single((await new SloEvaluator(store.Slo, _time).EvaluateAsync(slo, CancellationToken.None)).Groups);

        Assert.Equal((200.0, 160.0), (g.Total, g.Good)); // (50 + 30) × 2 rows good of (50 + 30 + 15 + 5) × 2
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Evaluate_HistogramThresholdBetweenBounds_ErrorNamesTheBounds(string storeName)
    {
        await using var store = await TestStores.OpenAsync(storeName, _time, clickHouse);
        await WriteHistogramsAsync(store.Telemetry);
        var slo = Slos.Parse("objective: 99\ntimeWindow: {rolling: 1d}\nindicator:\n  kind: latency\n  source: servingHistograms\n  latency: {metric: ttft, threshold: 300ms}");

        var result = await new SloEvaluator(store.Slo, _time).EvaluateAsync(slo, CancellationToken.None);

        Assert.Empty(result.Groups);
        Assert.Contains("0.3s is not a bucket bound of ttft_seconds", result.Error, StringComparison.Ordinal);
        Assert.Contains("0.1s, 0.5s, 1s", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Evaluate_Timeslices_BadSlicesSpendTheBudgetOfTheWholePeriod(string storeName)
    {
        await using var store = await TestStores.OpenAsync(storeName, _time, clickHouse);

        // 60 one-minute slices of 10 events each in the last hour; in 6 of them 2 of 10 fail (80 % < 90 % target).
        var batch = new RowBatch();
        for (var minute = 0; minute < 60; minute++)
        {
            for (var i = 0; i < 10; i++)
            {
                var bad = minute % 10 == 0 && i < 2;
                batch.RequestEvents.Add(Request(Now.AddMinutes(-60 + minute).AddSeconds(i), ok: !bad));
            }
        }

        await store.Telemetry.WriteAsync(batch, CancellationToken.None);
        var slo = Slos.Parse("objective: 99\ntimeWindow: {rolling: 1d}\nbudgetingMethod: timeslices\ntimeslice: {duration: 1m, target: 90}\nindicator: {kind: availability}");

        var g = Assert.Single((await new SloEvaluator(store.Slo, _time).EvaluateAsync(slo, CancellationToken.None)).Groups);

        Assert.Equal((60.0, 54.0), (g.Total, g.Good));
        Assert.Equal(1 - (6 / (0.01 * 1440)), g.BudgetRemaining, 1e-9); // 14.4 bad slices allowed in a day
        Assert.Equal(6.0 / 60 / 0.01, g.Window(TimeSpan.FromHours(1))!.BurnRate, 1e-9);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ResultsRows_RoundTripThroughTheStore(string storeName)
    {
        await using var store = await SeedAsync(storeName);
        var slo = Slos.Parse("objective: 99.5\ntimeWindow: {rolling: 30d}\nindicator: {kind: availability}");
        var evaluation = await new SloEvaluator(store.Slo, _time).EvaluateAsync(slo, CancellationToken.None);
        var rows = SloEvaluator.ToRows(evaluation);

        await store.Slo.WriteSloResultsAsync(rows, CancellationToken.None);
        var read = await store.Slo.ReadSloResultsAsync(TimeRange.All, CancellationToken.None);

        Assert.Equal(8, read.Count);
        Assert.Equal(rows.OrderBy(r => r.Window, StringComparer.Ordinal).Select(r => r.Window), read.Select(r => r.Window));
        var budget = read.Single(r => r.Window == "budget");
        Assert.Equal(1 - (0.0109 / 0.005), budget.BudgetRemaining, 1e-9);
        Assert.True(double.IsNaN(budget.BurnRate));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Evaluate_ServingCounters_SucceededOverSucceededPlusFailedOfTheSelectedModels(string storeName)
    {
        await using var store = await TestStores.OpenAsync(storeName, _time, clickHouse);
        var batch = new RowBatch();
        void Add(string model, DateTime ts, double succeeded, double failed)
        {
            var values = ServingSample.NewValues();
            values[(int)ServingField.RequestsSucceeded] = succeeded;
            values[(int)ServingField.RequestsFailed] = failed;
            batch.ServingSamples.Add(new ServingSample(ts, "t", new ServingIdentity("c", "n", "vllm", model, "", "vllm", "", "", "", ""), values));
        }

        Add("m", Now.AddMinutes(-3), 97, 3);
        Add("m", Now.AddMinutes(-2), 100, double.NaN); // a scrape without the failed counter: nothing failed that we know of
        Add("m", Now.AddHours(-2), 50, 50);
        Add("other", Now.AddMinutes(-1), 0, 100);
        await store.Telemetry.WriteAsync(batch, CancellationToken.None);
        var slo = Slos.Parse("objective: 99\ntimeWindow: {rolling: 1d}\nselector: {models: [m]}\nindicator: {kind: availability, source: servingCounters}");

        var g = Assert.Single((await new SloEvaluator(store.Slo, _time).EvaluateAsync(slo, CancellationToken.None)).Groups);

        Assert.Equal((300.0, 247.0), (g.Total, g.Good));
        Assert.Equal(3.0 / 200 / 0.01, g.Window(TimeSpan.FromHours(1))!.BurnRate, 1e-9);
    }

    private static async Task WriteHistogramsAsync(ITelemetryStore store)
    {
        var server = new ServingIdentity("c", "n", "vllm", "m", "", "vllm", "", "", "", "");
        double[] bounds = [0.1, 0.5, 1, double.PositiveInfinity];
        var batch = new RowBatch();
        batch.ServingHistograms.Add(new ServingHistogram(Now.AddMinutes(-2), "t", server, ServingHistogramNames.TimeToFirstToken, bounds, [50, 30, 15, 5], 100, 30));
        batch.ServingHistograms.Add(new ServingHistogram(Now.AddMinutes(-1), "t", server, ServingHistogramNames.TimeToFirstToken, bounds, [50, 30, 15, 5], 100, 30));
        batch.ServingHistograms.Add(new ServingHistogram(Now.AddMinutes(-1), "t", server, ServingHistogramNames.InterToken, [0.3, double.PositiveInfinity], [1, 1], 2, 1));
        await store.WriteAsync(batch, CancellationToken.None);
    }
}
