using Observability.Alerts.Rules;
using Observability.Alerts.State;
using Observability.Analytics.Slo;

namespace Observability.Alerts;

/// <summary>
/// Feeds every SLO evaluation round to the alert state machine. Alerts of an SLO that failed to evaluate this round
/// are left as they were; alerts of an SLO no longer configured resolve.
/// </summary>
public sealed class SloAlerting(AlertStateMachine machine) : ISloEvaluationObserver
{
    public Task OnEvaluatedAsync(IReadOnlyList<SloEvaluation> evaluations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        var conditions = evaluations.SelectMany(BurnRateRules.Evaluate).ToList();
        var failed = evaluations.Where(e => e.Error is not null).Select(e => e.Slo.Name).ToHashSet(StringComparer.Ordinal);
        return machine.StepAsync(
            conditions,
            s => s.Labels.TryGetValue("alertname", out var name) && name == BurnRateRules.AlertName &&
                 !(s.Labels.TryGetValue("slo", out var slo) && failed.Contains(slo)),
            cancellationToken);
    }
}
