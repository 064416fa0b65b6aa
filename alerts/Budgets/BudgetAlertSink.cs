using System.Globalization;
using Observability.Alerts.Delivery;
using Observability.Alerts.Model;
using Observability.Analytics.Cost;

namespace Observability.Alerts.Budgets;

/// <summary>
/// Hands budget and quota threshold events from cost attribution to the same dispatcher as SLO alerts, so they reach
/// Alertmanager and the signed webhooks with the same routing and counting. A budget event is a notification, not a
/// condition that lasts: it is sent once, without an end, and Alertmanager lets it lapse after its resolve timeout.
/// Labels are stable per tenant, month, measure and threshold, so a re-sent event deduplicates.
/// </summary>
public sealed class BudgetAlertSink(AlertDispatcher dispatcher) : IBudgetEventSink
{
    public const string AlertName = "TenantBudgetThreshold";

    public async ValueTask RaiseAsync(BudgetEvent budgetEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(budgetEvent);
        // A failed delivery is counted by the dispatcher; the allocation run that raised the event must not fail for it.
        await dispatcher.DispatchAsync([ToAlert(budgetEvent)], cancellationToken).ConfigureAwait(false);
    }

    public static Alert ToAlert(BudgetEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var measure = e.Measure switch
        {
            BudgetMeasure.Dollars => "dollars",
            BudgetMeasure.Tokens => "tokens",
            BudgetMeasure.GpuHours => "gpu_hours",
            _ => e.Measure.ToString().ToLowerInvariant(),
        };
        var labels = new Dictionary<string, string>
        {
            ["alertname"] = AlertName,
            ["tenant"] = e.Tenant,
            ["month"] = e.Month,
            ["measure"] = measure,
            ["threshold"] = e.ThresholdPct.ToString(CultureInfo.InvariantCulture),
            ["severity"] = e.ThresholdPct >= 100 ? "page" : "ticket",
        };
        var annotations = new Dictionary<string, string>
        {
            ["summary"] = string.Create(
                CultureInfo.InvariantCulture,
                $"tenant {e.Tenant} used {e.MonthToDate:0.##} of its {e.Limit:0.##} {measure} for {e.Month} ({e.ThresholdPct} % threshold)"),
            ["month_to_date"] = e.MonthToDate.ToString(CultureInfo.InvariantCulture),
            ["limit"] = e.Limit.ToString(CultureInfo.InvariantCulture),
            ["forecast_month_end"] = e.ForecastMonthEnd.ToString(CultureInfo.InvariantCulture),
        };
        return new Alert(labels, annotations, new DateTimeOffset(DateTime.SpecifyKind(e.AsOf, DateTimeKind.Utc)), EndsAt: null);
    }
}
