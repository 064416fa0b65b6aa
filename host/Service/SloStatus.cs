using Observability.Alerts.State;
using Observability.Analytics.Slo;

namespace Observability.Host.Service;

/// <summary>
/// The SLO status as the HTTP API serves it and <c>obs slo status</c> prints it. NaN (nothing measured) becomes null,
/// which JSON can carry.
/// </summary>
public sealed record SloStatus(
    string Slo,
    string Service,
    string Window,
    double Objective,
    string Indicator,
    string Budgeting,
    string? Error,
    IReadOnlyList<SloGroupStatus> Groups)
{
    public static IReadOnlyList<SloStatus> From(IEnumerable<SloEvaluation> evaluations, IReadOnlyList<AlertState> alerts) =>
        [.. evaluations.Select(e => new SloStatus(
            e.Slo.Name,
            e.Slo.Service,
            e.Slo.Window.Display,
            e.Slo.Objective,
            e.Slo.Kind.ToString().ToLowerInvariant(),
            e.Slo.Budgeting.ToString().ToLowerInvariant(),
            e.Error,
            [.. e.Groups.Select(g => new SloGroupStatus(
                g.Group,
                g.Total,
                g.Good,
                Finite(g.Sli),
                Finite(g.BudgetRemaining),
                g.Windows.ToDictionary(w => SloDuration.Format(w.Length), w => Finite(w.BurnRate)),
                Finite(g.FastestBurn),
                StateOf(e.Slo.Name, g.Group, alerts)))]))];

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    /// <summary>The most serious alert held for the SLO and group: <c>firing page</c>, <c>pending ticket</c>, … or <c>ok</c>.</summary>
    private static string StateOf(string slo, string group, IReadOnlyList<AlertState> alerts)
    {
        var mine = alerts
            .Where(a => a.Labels.GetValueOrDefault("slo") == slo && a.Labels.GetValueOrDefault("tenant", string.Empty) == group && a.Phase != AlertPhase.Resolved)
            .OrderBy(a => a.Phase == AlertPhase.Firing ? 0 : 1)
            .ThenBy(a => a.Labels.GetValueOrDefault("severity") == "page" ? 0 : 1)
            .FirstOrDefault();
        return mine is null ? "ok" : $"{mine.Phase.ToString().ToLowerInvariant()} {mine.Labels.GetValueOrDefault("severity")}";
    }
}

/// <summary>One group (tenant, or "" when ungrouped) of an SLO's status; burn rates by window, e.g. <c>"1h": 2.5</c>.</summary>
public sealed record SloGroupStatus(
    string Tenant,
    double Total,
    double Good,
    double? Sli,
    double? BudgetRemaining,
    IReadOnlyDictionary<string, double?> BurnRates,
    double? FastestBurn,
    string State);

/// <summary>An alert as <c>GET /api/v1/alerts</c> lists it.</summary>
public sealed record AlertStatus(string State, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations, DateTime ActiveSince, DateTime? FiredAt, DateTime? ResolvedAt)
{
    public static AlertStatus From(AlertState s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Phase.ToString().ToLowerInvariant(), s.Labels, s.Annotations, s.ActiveSince, s.FiredAt, s.ResolvedAt);
    }
}
