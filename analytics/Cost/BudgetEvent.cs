namespace Observability.Analytics.Cost;

/// <summary>What a budget event measures.</summary>
public enum BudgetMeasure
{
    Dollars,
    Tokens,
    GpuHours,
}

/// <summary>
/// A tenant's month-to-date use crossed a threshold of its budget or quota. Small on purpose: alerting picks these up
/// (e.g. to notify) without depending on how cost attribution computed them. <see cref="ForecastMonthEnd"/> is the
/// month-to-date use extrapolated linearly over the month's remaining hours.
/// </summary>
public sealed record BudgetEvent(
    string Tenant,
    string Month,
    BudgetMeasure Measure,
    int ThresholdPct,
    decimal Limit,
    decimal MonthToDate,
    decimal ForecastMonthEnd,
    DateTime AsOf);
