using System.Diagnostics.Metrics;

namespace Observability.Alerts.Delivery;

/// <summary>
/// The alerting counters under the meter <c>Observability.Alerts</c>: alerts sent per notifier and outcome,
/// state transitions, and the number of alerts in each state.
/// </summary>
public sealed class AlertMetrics : IDisposable
{
    public const string MeterName = "Observability.Alerts";

    private readonly Meter _meter;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _transitions;
    private volatile IReadOnlyDictionary<string, int> _states = new Dictionary<string, int>();

    /// <summary>Meters come from <paramref name="meterFactory"/> when given (tests keep their meters apart that way).</summary>
    public AlertMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _sent = _meter.CreateCounter<long>("alerts.notifications", description: "alerts handed to a notifier, by notifier and outcome (ok, error)");
        _transitions = _meter.CreateCounter<long>("alerts.transitions", description: "alert state changes, by the state entered");
        _meter.CreateObservableGauge(
            "alerts.active",
            () => new[] { "pending", "firing", "resolved" }.Select(s => new Measurement<int>(
                _states.TryGetValue(s, out var n) ? n : 0, new KeyValuePair<string, object?>("state", s))),
            description: "alerts held per state (resolved: not yet delivered)");
    }

    public void CountNotification(string notifier, bool ok, int alerts) =>
        _sent.Add(alerts, new KeyValuePair<string, object?>("notifier", notifier), new KeyValuePair<string, object?>("outcome", ok ? "ok" : "error"));

    public void CountTransition(string state) => _transitions.Add(1, new KeyValuePair<string, object?>("state", state));

    public void SetStates(IReadOnlyDictionary<string, int> counts) => _states = counts;

    public void Dispose() => _meter.Dispose();
}
