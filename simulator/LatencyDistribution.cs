using Observability.Simulator.Implementation;

namespace Observability.Simulator;

/// <summary>
/// An immutable snapshot of a true latency distribution (seconds). Quantiles are exact to within
/// 0.5% relative error, and clamped to the observed minimum and maximum.
/// </summary>
public sealed class LatencyDistribution
{
    private readonly long[] counts;

    internal LatencyDistribution(long[] counts, long count, double sum, double min, double max)
    {
        this.counts = counts;
        Count = count;
        Sum = sum;
        Min = count > 0 ? min : double.NaN;
        Max = count > 0 ? max : double.NaN;
    }

    /// <summary>Number of observations (for inter-token latency, one per generated token after the first).</summary>
    public long Count { get; }

    public double Sum { get; }

    public double Min { get; }

    public double Max { get; }

    public double Mean => Count > 0 ? Sum / Count : double.NaN;

    /// <summary>Nearest-rank quantile, e.g. <c>Quantile(0.95)</c> for p95; NaN when empty.</summary>
    public double Quantile(double q)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1.0);
        if (Count == 0)
        {
            return double.NaN;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return Math.Clamp(FineHistogram.Middle(i), Min, Max);
            }
        }

        return Max;
    }

    /// <summary>Fraction of observations at or below <paramref name="seconds"/>, within bucket resolution.</summary>
    public double FractionAtOrBelow(double seconds)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        var last = FineHistogram.IndexOf(seconds);
        long below = 0;
        for (var i = 0; i <= last; i++)
        {
            below += counts[i];
        }

        return (double)below / Count;
    }
}
