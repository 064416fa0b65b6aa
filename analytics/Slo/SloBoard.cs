namespace Observability.Analytics.Slo;

/// <summary>The latest evaluation of every SLO, for the gauges, the HTTP API and the status table. Thread-safe.</summary>
public sealed class SloBoard
{
    private volatile IReadOnlyDictionary<string, SloEvaluation> _latest = new Dictionary<string, SloEvaluation>(StringComparer.Ordinal);

    public IReadOnlyList<SloEvaluation> Latest => [.. _latest.Values.OrderBy(e => e.Slo.Name, StringComparer.Ordinal)];

    public void Publish(IEnumerable<SloEvaluation> evaluations)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        var next = new Dictionary<string, SloEvaluation>(_latest, StringComparer.Ordinal);
        foreach (var e in evaluations)
        {
            next[e.Slo.Name] = e;
        }

        _latest = next;
    }
}
