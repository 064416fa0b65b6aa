namespace Observability.Analytics.Slo;

/// <summary>An SLO computed at one instant. <see cref="Error"/> is set when it could not be computed (then no groups).</summary>
public sealed record SloEvaluation(SloDefinition Slo, DateTime At, TimeSpan Period, IReadOnlyList<SloGroupResult> Groups, string? Error = null);

/// <summary>
/// One group (a tenant, or "" when ungrouped) of an SLO: the indicator and remaining budget over the SLO's window, and
/// a burn rate per window. Counts are events, or slices for timeslice budgeting.
/// </summary>
public sealed record SloGroupResult(string Group, double Total, double Good, double Sli, double BudgetRemaining, IReadOnlyList<BurnWindow> Windows)
{
    public BurnWindow? Window(TimeSpan length) => Windows.FirstOrDefault(w => w.Length == length);

    /// <summary>The highest burn rate over any window with events (NaN when none had any).</summary>
    public double FastestBurn => Windows.Where(w => !double.IsNaN(w.BurnRate)).Select(w => w.BurnRate).DefaultIfEmpty(double.NaN).Max();
}

/// <summary>Events (or slices) in one burn-rate window and the burn rate they give (NaN when the window had none).</summary>
public sealed record BurnWindow(TimeSpan Length, double Total, double Good, double BurnRate);
