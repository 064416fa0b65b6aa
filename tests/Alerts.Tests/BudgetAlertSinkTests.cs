using Microsoft.Extensions.Logging.Abstractions;
using Observability.Alerts.Alertmanager;
using Observability.Alerts.Budgets;
using Observability.Alerts.Delivery;
using Observability.Alerts.Tests.Support;
using Observability.Analytics.Cost;

namespace Observability.Alerts.Tests;

/// <summary>Budget events from cost attribution travel the SLO alerts' road, to a real Alertmanager 0.25.</summary>
public sealed class BudgetAlertSinkTests
{
    [Fact]
    public async Task Raise_BudgetCrossed_AlertmanagerHoldsATenantAlertWithItsFigures()
    {
        await using var alertmanager = await AlertmanagerServer.StartAsync();
        using var http = new HttpClient();
        using var metrics = new AlertMetrics();
        var notifier = new AlertmanagerNotifier(http, alertmanager.Url, new AlertingOptions(), TimeProvider.System, NullLogger<AlertmanagerNotifier>.Instance);
        var sink = new BudgetAlertSink(new AlertDispatcher([notifier], metrics));
        var asOf = TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-1);

        await sink.RaiseAsync(new BudgetEvent("acme", "2026-11", BudgetMeasure.Dollars, 80, 1000m, 812.5m, 1400m, asOf), default);

        var held = Assert.Single(await alertmanager.GetAlertsAsync());
        var labels = held.GetProperty("labels");
        Assert.Equal(BudgetAlertSink.AlertName, labels.GetProperty("alertname").GetString());
        Assert.Equal("acme", labels.GetProperty("tenant").GetString());
        Assert.Equal("80", labels.GetProperty("threshold").GetString());
        Assert.Equal("ticket", labels.GetProperty("severity").GetString());
        Assert.Equal("1400", held.GetProperty("annotations").GetProperty("forecast_month_end").GetString());
        Assert.Equal("active", held.GetProperty("status").GetProperty("state").GetString());
    }

    [Fact]
    public void ToAlert_FullBudget_PagesAndKeepsLabelsStable()
    {
        var e = new BudgetEvent("globex", "2026-10", BudgetMeasure.GpuHours, 100, 50m, 51m, 60m, new DateTime(2026, 10, 20, 0, 0, 0, DateTimeKind.Utc));

        var first = BudgetAlertSink.ToAlert(e);
        var again = BudgetAlertSink.ToAlert(e with { MonthToDate = 55m, AsOf = e.AsOf.AddHours(1) });

        Assert.Equal("page", first.Labels["severity"]);
        Assert.Equal("gpu_hours", first.Labels["measure"]);
        Assert.Equal(first.Labels, again.Labels);
        Assert.False(first.IsResolved);
    }
}
