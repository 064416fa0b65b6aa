using System.Globalization;
using Observability.Alerts.Model;
using Observability.Analytics.Slo;

namespace Observability.Alerts.Rules;

/// <summary>
/// Turns an SLO evaluation into alert conditions: one per group and severity, active when any rule of that severity
/// holds — the burn rate over both its long and its short window above the factor the SLO's period derives, and both
/// windows holding at least the SLO's minimum events (the low-traffic guard).
/// </summary>
public static class BurnRateRules
{
    public const string AlertName = "SloErrorBudgetBurn";

    public static IReadOnlyList<AlertCondition> Evaluate(SloEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var slo = evaluation.Slo;
        if (evaluation.Error is not null || !slo.Alerting.Enabled)
        {
            return [];
        }

        var conditions = new List<AlertCondition>();
        foreach (var group in evaluation.Groups)
        {
            foreach (var severity in slo.Alerting.Rules.GroupBy(r => r.Severity, StringComparer.Ordinal))
            {
                var holding = severity
                    .Select(rule => (Rule: rule, Factor: rule.Factor(evaluation.Period), Long: group.Window(rule.LongWindow), Short: group.Window(rule.ShortWindow)))
                    .Where(x => x.Long is not null && x.Short is not null)
                    .Where(x => Exceeds(x.Long!, x.Factor, slo.Alerting.MinEvents) && Exceeds(x.Short!, x.Factor, slo.Alerting.MinEvents))
                    .OrderByDescending(x => x.Factor)
                    .ToList();
                var labels = Labels(slo, group.Group, severity.Key);
                var annotations = holding.Count == 0
                    ? new Dictionary<string, string>()
                    : Annotations(slo, group, holding[0].Rule, holding[0].Factor, holding[0].Long!, holding[0].Short!);
                conditions.Add(new AlertCondition(labels, annotations, holding.Count > 0, holding.Count == 0 ? TimeSpan.Zero : holding.Min(h => h.Rule.For)));
            }
        }

        return conditions;
    }

    /// <summary>The labels of an SLO alert: fixed for its life, so receivers deduplicate and group on them.</summary>
    public static IReadOnlyDictionary<string, string> Labels(SloDefinition slo, string group, string severity)
    {
        ArgumentNullException.ThrowIfNull(slo);
        var labels = new Dictionary<string, string>(slo.Labels, StringComparer.Ordinal)
        {
            ["alertname"] = AlertName,
            ["slo"] = slo.Name,
            ["severity"] = severity,
        };
        if (slo.Service.Length > 0)
        {
            labels["service"] = slo.Service;
        }

        if (slo.GroupedByTenant)
        {
            labels["tenant"] = group;
        }

        return labels;
    }

    private static bool Exceeds(BurnWindow window, double factor, double minEvents) =>
        !double.IsNaN(window.BurnRate) && window.BurnRate > factor && window.Total >= minEvents && window.Total > 0;

    private static Dictionary<string, string> Annotations(SloDefinition slo, SloGroupResult group, BurnRateRule rule, double factor, BurnWindow longWindow, BurnWindow shortWindow)
    {
        var who = slo.GroupedByTenant ? $" for tenant {group.Group}" : string.Empty;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["summary"] = string.Create(
                CultureInfo.InvariantCulture,
                $"{slo.Name}{who} is burning its error budget at {longWindow.BurnRate:0.##}× over {SloDuration.Format(rule.LongWindow)} and {shortWindow.BurnRate:0.##}× over {SloDuration.Format(rule.ShortWindow)} (threshold {factor:0.##}×)"),
            ["description"] = slo.Description,
            ["objective"] = (slo.Objective * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%",
            ["long_window"] = SloDuration.Format(rule.LongWindow),
            ["short_window"] = SloDuration.Format(rule.ShortWindow),
            ["burn_rate_threshold"] = factor.ToString("0.####", CultureInfo.InvariantCulture),
            ["budget_remaining"] = group.BudgetRemaining.ToString("0.####", CultureInfo.InvariantCulture),
        };
    }
}
