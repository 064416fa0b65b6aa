namespace Observability.Simulator.Implementation;

/// <summary>
/// Ground-truth latency recorder: log-spaced buckets 1% wide from 1 µs to about two days, so any
/// quantile is known to within 0.5% — far finer than the exporters' buckets the product reads.
/// </summary>
internal sealed class FineHistogram
{
    internal const double Minimum = 1e-6;
    internal const double Growth = 1.01;
    internal const int BucketCount = 2600;
    private static readonly double LogGrowth = Math.Log(Growth);

    private readonly long[] counts = new long[BucketCount];
    private long count;
    private double sum;
    private double min = double.PositiveInfinity;
    private double max = double.NegativeInfinity;

    public void Observe(double value, long weight = 1)
    {
        if (weight <= 0 || !double.IsFinite(value))
        {
            return;
        }

        counts[IndexOf(value)] += weight;
        count += weight;
        sum += value * weight;
        min = Math.Min(min, value);
        max = Math.Max(max, value);
    }

    public LatencyDistribution Snapshot() => new((long[])counts.Clone(), count, sum, min, max);

    /// <summary>Bucket i holds values in [Minimum·Growth^(i-1), Minimum·Growth^i); bucket 0 holds everything below Minimum.</summary>
    internal static int IndexOf(double value)
    {
        if (value < Minimum)
        {
            return 0;
        }

        var i = (int)Math.Floor(Math.Log(value / Minimum) / LogGrowth) + 1;
        return Math.Min(i, BucketCount - 1);
    }

    /// <summary>Geometric middle of bucket <paramref name="index"/>, the value a quantile in it reports.</summary>
    internal static double Middle(int index) =>
        index == 0 ? Minimum / 2 : Minimum * Math.Pow(Growth, index - 0.5);
}
