namespace Observability.Analytics.Summary;

/// <summary>
/// Quantiles from bucketed histograms, with Prometheus's <c>histogram_quantile</c> rule: find the
/// bucket holding the rank and interpolate linearly inside it; a rank in the +Inf bucket answers
/// the highest finite bound. Histograms merge only when their bounds are identical.
/// </summary>
public static class HistogramQuantile
{
    /// <summary>
    /// The <paramref name="q"/>-quantile of per-bucket counts under <paramref name="upperBounds"/>
    /// (ascending, last may be +Inf). NaN when there are no observations.
    /// </summary>
    public static double Compute(double q, IReadOnlyList<double> upperBounds, IReadOnlyList<double> bucketCounts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1);
        if (upperBounds.Count != bucketCounts.Count)
        {
            throw new ArgumentException("bounds and counts differ in length");
        }

        var total = 0.0;
        foreach (var c in bucketCounts)
        {
            total += c;
        }

        if (total <= 0)
        {
            return double.NaN;
        }

        var rank = q * total;
        var cumulative = 0.0;
        for (var i = 0; i < bucketCounts.Count; i++)
        {
            var before = cumulative;
            cumulative += bucketCounts[i];
            if (cumulative < rank || bucketCounts[i] == 0)
            {
                continue;
            }

            var upper = upperBounds[i];
            if (double.IsPositiveInfinity(upper))
            {
                return i == 0 ? double.NaN : upperBounds[i - 1];
            }

            // The first bucket is taken to start at 0 when its bound is positive, as in Prometheus.
            var lower = i == 0 ? (upper > 0 ? 0 : upper) : upperBounds[i - 1];
            return lower + ((upper - lower) * (rank - before) / bucketCounts[i]);
        }

        return upperBounds[^1];
    }
}
