using Observability.Collectors.Otlp.Protocol;

namespace Observability.Collectors.Otlp.Mapping;

/// <summary>
/// An exponential histogram as explicit bounds, so every histogram is stored the same way: the zero bucket ends at the
/// zero threshold, positive bucket <c>i</c> ends at <c>base^(offset+i+1)</c> with <c>base = 2^(2^-scale)</c>, and
/// a final +Inf bucket holds nothing. Negative buckets (values below zero) have no place among latencies and sizes, so
/// such a point is refused rather than stored wrong.
/// </summary>
internal static class ExponentialBuckets
{
    private const int MaxBuckets = 1000;

    public static (double[] Bounds, double[] Counts)? ToExplicit(ExponentialHistogramDataPoint p)
    {
        var positive = p.Positive?.BucketCounts;
        var negative = p.Negative?.BucketCounts;
        if (p.Scale is < -10 or > 20 || (negative is not null && negative.Any(c => c != 0)) || (positive?.Count ?? 0) > MaxBuckets ||
            !double.IsFinite(p.ZeroThreshold) || p.ZeroThreshold < 0)
        {
            return null;
        }

        var n = positive?.Count ?? 0;
        var bounds = new double[n + 2];
        var counts = new double[n + 2];
        bounds[0] = p.ZeroThreshold;
        counts[0] = p.ZeroCount;
        var offset = p.Positive?.Offset ?? 0;
        for (var i = 0; i < n; i++)
        {
            bounds[i + 1] = Math.Pow(2, (offset + i + 1) * Math.Pow(2, -p.Scale));
            counts[i + 1] = positive![i];
        }

        bounds[n + 1] = double.PositiveInfinity;
        if (n > 0 && bounds[1] <= bounds[0])
        {
            return null; // a zero threshold above the first bucket's end cannot be expressed with explicit bounds
        }

        return (bounds, counts);
    }
}
