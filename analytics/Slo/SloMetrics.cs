using System.Diagnostics.Metrics;

namespace Observability.Analytics.Slo;

/// <summary>
/// The SLO gauges (read from the board when scraped) and the evaluation counters, under the meter
/// <c>Observability.Slo</c>: <c>slo_sli</c>, <c>slo_error_budget_remaining</c>, <c>slo_objective</c> and
/// <c>slo_burn_rate{window}</c>, each labelled <c>slo</c> and <c>tenant</c> ("" when ungrouped).
/// </summary>
public sealed class SloMetrics : IDisposable
{
    public const string MeterName = "Observability.Slo";

    private readonly Meter _meter;
    private readonly Counter<long> _evaluations;
    private readonly Counter<long> _observerFailures;

    /// <summary>Meters come from <paramref name="meterFactory"/> when given (tests keep their meters apart that way).</summary>
    public SloMetrics(SloBoard board, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(board);
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _meter.CreateObservableGauge("slo.sli", () => Groups(board).Where(x => !double.IsNaN(x.G.Sli)).Select(x => Measure(x.G.Sli, x.E, x.G)), description: "good ÷ total over the SLO window");
        _meter.CreateObservableGauge("slo.error_budget_remaining", () => Groups(board).Select(x => Measure(x.G.BudgetRemaining, x.E, x.G)), description: "fraction of the error budget left (negative when overspent)");
        _meter.CreateObservableGauge("slo.objective", () => board.Latest.Select(e => new Measurement<double>(e.Slo.Objective, new KeyValuePair<string, object?>("slo", e.Slo.Name))), description: "the SLO's target ratio");
        _meter.CreateObservableGauge(
            "slo.burn_rate",
            () => Groups(board).SelectMany(x => x.G.Windows.Where(w => !double.IsNaN(w.BurnRate)).Select(w => new Measurement<double>(
                w.BurnRate,
                new("slo", x.E.Slo.Name),
                new("tenant", x.G.Group),
                new("window", SloDuration.Format(w.Length))))),
            description: "error ratio ÷ (1 − objective) over the window");
        _evaluations = _meter.CreateCounter<long>("slo.evaluations", description: "SLO evaluations by outcome (ok, error)");
        _observerFailures = _meter.CreateCounter<long>("slo.observer_failures", description: "rounds whose results an observer (e.g. alerting) failed to take");
    }

    public void CountEvaluation(string slo, bool ok) =>
        _evaluations.Add(1, new KeyValuePair<string, object?>("slo", slo), new KeyValuePair<string, object?>("outcome", ok ? "ok" : "error"));

    public void CountObserverFailure(string observer) =>
        _observerFailures.Add(1, new KeyValuePair<string, object?>("observer", observer));

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<(SloEvaluation E, SloGroupResult G)> Groups(SloBoard board) =>
        board.Latest.SelectMany(e => e.Groups.Select(g => (e, g)));

    private static Measurement<double> Measure(double value, SloEvaluation e, SloGroupResult g) =>
        new(value, new KeyValuePair<string, object?>("slo", e.Slo.Name), new KeyValuePair<string, object?>("tenant", g.Group));
}
