namespace Observability.Collectors.Otlp.Mapping;

/// <summary>
/// The last point of every cumulative series, so that cumulative sums and histograms are stored as increases, like
/// counters on the scrape path. Reset detection: a new start time, or any value going down, means the series restarted
/// and the increase is the whole new value. The first point of a series is a baseline (no increase) unless the series
/// started after the receiver did, in which case nothing before it was missed and the whole value is the increase.
/// Bounded: past <see cref="OtlpOptions.MaxCumulativeSeries"/> series the state is forgotten at once (reported through
/// <c>forgotten</c> so the caller counts it) rather than growing without limit. Thread-safe.
/// </summary>
internal sealed class CumulativeState(int maxSeries, ulong receiverStartNanos)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _series = new(StringComparer.Ordinal);

    /// <summary>
    /// The increases from the series' previous point to <paramref name="current"/> (same length, element-wise), or
    /// null when this point is a baseline. <paramref name="current"/> is remembered either way.
    /// </summary>
    public double[]? Increase(string series, ulong startNanos, double[] current, out int forgotten)
    {
        forgotten = 0;
        lock (_lock)
        {
            if (!_series.TryGetValue(series, out var previous))
            {
                if (_series.Count >= maxSeries)
                {
                    forgotten = _series.Count;
                    _series.Clear();
                }

                _series[series] = new Entry(startNanos, current);
                return startNanos >= receiverStartNanos ? (double[])current.Clone() : null;
            }

            _series[series] = new Entry(startNanos, current);
            var reset = previous.Values.Length != current.Length || (startNanos != 0 && startNanos != previous.StartNanos);
            for (var i = 0; !reset && i < current.Length; i++)
            {
                reset = current[i] < previous.Values[i];
            }

            var increase = new double[current.Length];
            for (var i = 0; i < current.Length; i++)
            {
                increase[i] = reset ? current[i] : current[i] - previous.Values[i];
            }

            return increase;
        }
    }

    private readonly record struct Entry(ulong StartNanos, double[] Values);
}
