using Observability.Ingest.Contract;

namespace Observability.Analytics.Cost;

/// <summary>A tenant's month so far against one budget or quota, with the linear forecast to month end.</summary>
public sealed record BudgetStatus(string Tenant, string Month, BudgetMeasure Measure, decimal Limit, decimal MonthToDate, decimal ForecastMonthEnd);

/// <summary>Where budget events go; alerting subscribes. The job calls it once per event, after the ledger is written.</summary>
public interface IBudgetEventSink
{
    ValueTask RaiseAsync(BudgetEvent budgetEvent, CancellationToken cancellationToken);
}

/// <summary>
/// Budgets and quotas per tenant and month. A threshold event is raised when a run moves a tenant's month-to-date use
/// from below a threshold to at or above it; a run that changes nothing (a re-run) raises nothing. The forecast is
/// the month-to-date use divided by the hours elapsed and multiplied by the month's hours.
/// </summary>
public static class BudgetEvaluator
{
    public static (List<BudgetStatus> Statuses, List<BudgetEvent> Events) Evaluate(
        CostOptions options, DateTime monthStart, DateTime asOf, IReadOnlyList<CostAllocationLine> before, IReadOnlyList<CostAllocationLine> after)
    {
        var month = monthStart.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var elapsed = (decimal)Math.Max(1, (asOf - monthStart).TotalHours);
        var monthHours = (decimal)(monthStart.AddMonths(1) - monthStart).TotalHours;
        var statuses = new List<BudgetStatus>();
        var events = new List<BudgetEvent>();
        foreach (var (tenant, budget) in options.Budgets.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            foreach (var (measure, limit) in Limits(budget))
            {
                var was = Use(before, tenant, measure);
                var now = Use(after, tenant, measure);
                var forecast = Math.Round(now / elapsed * monthHours, 2);
                statuses.Add(new BudgetStatus(tenant, month, measure, limit, now, forecast));
                foreach (var pct in options.BudgetThresholdsPct.Order())
                {
                    var line = limit * pct / 100m;
                    if (was < line && now >= line)
                    {
                        events.Add(new BudgetEvent(tenant, month, measure, pct, limit, now, forecast, asOf));
                    }
                }
            }
        }

        return (statuses, events);
    }

    private static IEnumerable<(BudgetMeasure, decimal)> Limits(TenantBudget budget)
    {
        if (budget.MonthlyDollars is { } dollars)
        {
            yield return (BudgetMeasure.Dollars, dollars);
        }

        if (budget.MonthlyTokens is { } tokens)
        {
            yield return (BudgetMeasure.Tokens, tokens);
        }

        if (budget.MonthlyGpuHours is { } hours)
        {
            yield return (BudgetMeasure.GpuHours, (decimal)hours);
        }
    }

    private static decimal Use(IReadOnlyList<CostAllocationLine> lines, string tenant, BudgetMeasure measure)
    {
        var mine = lines.Where(l => l.Kind == CostLineKind.Tenant && l.Tenant == tenant);
        return measure switch
        {
            BudgetMeasure.Dollars => mine.Sum(l => l.Cost),
            BudgetMeasure.Tokens => mine.Sum(l => l.InputTokens + l.OutputTokens),
            _ => (decimal)mine.Sum(l => l.GpuHours),
        };
    }
}
