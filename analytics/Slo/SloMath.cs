namespace Observability.Analytics.Slo;

/// <summary>The error-budget formulas, in one place so that tests can check them with worked numbers.</summary>
public static class SloMath
{
    /// <summary>Bad ÷ total; NaN when there were no events.</summary>
    public static double ErrorRatio(double total, double good) => total > 0 ? (total - good) / total : double.NaN;

    /// <summary>Burn rate = error ratio ÷ (1 − objective): 1 spends the budget exactly over the period.</summary>
    public static double BurnRate(double total, double good, double objective) => ErrorRatio(total, good) / (1 - objective);

    /// <summary>
    /// Occurrences: the fraction of the window's budget not yet spent, 1 − error ratio ÷ (1 − objective); negative once
    /// overspent; 1 when nothing happened (nothing was spent).
    /// </summary>
    public static double BudgetRemaining(double total, double good, double objective) =>
        total > 0 ? 1 - (ErrorRatio(total, good) / (1 - objective)) : 1;

    /// <summary>
    /// Timeslices: the budget is (1 − objective) of every slice in the whole period, and a slice without events counts
    /// as good, so 1 − bad slices ÷ ((1 − objective) × slices in the period).
    /// </summary>
    public static double SliceBudgetRemaining(double badSlices, double slicesInPeriod, double objective) =>
        1 - (badSlices / ((1 - objective) * slicesInPeriod));
}
