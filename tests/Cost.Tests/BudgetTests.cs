using Observability.Analytics.Cost;
using Observability.Ingest.Contract;

namespace Observability.Cost.Tests;

/// <summary>Budgets and quotas: forecasts to month end and threshold events raised once, as the hourly job moves on.</summary>
public sealed class BudgetTests
{
    private static readonly DateTime Day = TestTelemetry.Day;

    [Fact]
    public async Task HourlyRuns_BudgetCrossesThresholds_EachEventRaisedOnceWithForecast()
    {
        // acme alone on one $4/h H100, 10 requests of 110 tokens an hour: $4 and 1,100 tokens an hour.
        var t = new TestTelemetry().Minutes(TestTelemetry.Gpu("GPU-A", TestTelemetry.H100, "chat-0"), Day, 30 * 60);
        for (var h = 0; h < 30; h++)
        {
            t.Requests(Day.AddHours(h).AddMinutes(1), "acme", "m", 10, pod: "chat-0");
        }

        await using var store = await TestStore.DuckDb().PrepareAsync(t.Batch, TestPriceBooks.Standard.Replace("\"3.00\"", "\"4.00\"", StringComparison.Ordinal));
        var options = new CostOptions
        {
            Budgets = new Dictionary<string, TenantBudget> { ["acme"] = new(MonthlyDollars: 100m, MonthlyTokens: 22_000) },
            BudgetThresholdsPct = [50, 80, 100],
        };
        var sink = new CollectingSink();
        var runner = new CostAllocationRunner(store, options, TimeProvider.System, budgetEvents: sink);

        AllocationResult? tenHours = null;
        for (var h = 0; h < 30; h++)
        {
            var result = await runner.RunAsync(new TimeRange(Day.AddHours(h), Day.AddHours(h + 1)), CancellationToken.None);
            tenHours = h == 9 ? result : tenHours;
        }

        await runner.RunAsync(new TimeRange(Day.AddHours(29), Day.AddHours(30)), CancellationToken.None); // a re-run changes nothing

        var dollars = sink.Events.Where(e => e.Measure == BudgetMeasure.Dollars).ToList();
        Assert.Equal([50, 80, 100], dollars.Select(e => e.ThresholdPct));
        Assert.Equal([52m, 80m, 100m], dollars.Select(e => e.MonthToDate)); // crossed in hours 13, 20 and 25
        Assert.Equal([Day.AddHours(13), Day.AddHours(20), Day.AddHours(25)], dollars.Select(e => e.AsOf));
        var tokens = sink.Events.Where(e => e.Measure == BudgetMeasure.Tokens).ToList();
        Assert.Equal([(50, 11_000m), (80, 17_600m), (100, 22_000m)], tokens.Select(e => (e.ThresholdPct, e.MonthToDate)));

        var forecast = tenHours!.Budgets.Single(b => b.Measure == BudgetMeasure.Dollars);
        Assert.Equal((40m, 4m * 24 * 31), (forecast.MonthToDate, forecast.ForecastMonthEnd));
    }

    private sealed class CollectingSink : IBudgetEventSink
    {
        public List<BudgetEvent> Events { get; } = [];

        public ValueTask RaiseAsync(BudgetEvent budgetEvent, CancellationToken cancellationToken)
        {
            Events.Add(budgetEvent);
            return ValueTask.CompletedTask;
        }
    }
}
