using Observability.Ingest.Contract;

namespace Observability.Analytics.Slo;

/// <summary>A validated SLO, as read from its YAML file.</summary>
/// <param name="Name">Unique name; the <c>slo</c> label of its gauges and alerts.</param>
/// <param name="Service">The service it belongs to; a label of its alerts.</param>
/// <param name="Objective">Target fraction of good events (or good timeslices), e.g. 0.995.</param>
/// <param name="Labels">Extra labels copied onto its alerts.</param>
public sealed record SloDefinition(
    string Name,
    string Service,
    string Description,
    string File,
    double Objective,
    SloWindowSpec Window,
    BudgetingMethod Budgeting,
    TimesliceSpec? Timeslice,
    SliKind Kind,
    SliQuery Query,
    AlertingSpec Alerting,
    IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>The fraction of events (or slices) allowed to be bad over the window.</summary>
    public double ErrorBudget => 1 - Objective;

    public bool GroupedByTenant => Query.GroupByTenant;
}

public enum SliKind
{
    Availability,
    Latency,
    Goodput,
}

public enum BudgetingMethod
{
    /// <summary>Good events ÷ all events.</summary>
    Occurrences,

    /// <summary>Good slices ÷ all slices, a slice being good when its own ratio meets the slice target.</summary>
    Timeslices,
}

/// <summary>A slice length and the ratio of good events that makes a slice good.</summary>
public sealed record TimesliceSpec(TimeSpan Duration, double Target);

/// <summary>Rolling (<see cref="Rolling"/> set) or calendar month in <see cref="TimeZone"/>.</summary>
public sealed record SloWindowSpec(TimeSpan? Rolling, TimeZoneInfo? TimeZone)
{
    public bool IsCalendarMonth => Rolling is null;

    /// <summary>As written in files and shown in tables: <c>30d</c> or <c>month Europe/Paris</c>.</summary>
    public string Display => Rolling is { } r ? SloDuration.Format(r) : $"month {TimeZone!.Id}";
}

/// <summary>Alerting settings of one SLO: the burn-rate table and the low-traffic guard.</summary>
/// <param name="MinEvents">A window with fewer events (or slices with data) never makes an alert condition true.</param>
public sealed record AlertingSpec(IReadOnlyList<BurnRateRule> Rules, double MinEvents, bool Enabled);

/// <summary>
/// One row of the multiwindow table: page or ticket when the burn rate over both windows exceeds the factor that
/// spends <see cref="BudgetFraction"/> of the budget within <see cref="LongWindow"/>.
/// </summary>
public sealed record BurnRateRule(string Severity, TimeSpan LongWindow, TimeSpan ShortWindow, double BudgetFraction, TimeSpan For)
{
    /// <summary>The SRE workbook's threshold: budget fraction × SLO period ÷ long window (14.4 for 2 % over 1 h of 30 d).</summary>
    public double Factor(TimeSpan period) => BudgetFraction * period.TotalSeconds / LongWindow.TotalSeconds;
}
