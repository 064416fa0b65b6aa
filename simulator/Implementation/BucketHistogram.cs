namespace Observability.Simulator.Implementation;

/// <summary>A cumulative-on-read histogram over a fixed <see cref="HistogramLayout"/>, as the exporters keep it.</summary>
internal sealed class BucketHistogram(HistogramLayout layout)
{
    private readonly long[] counts = new long[layout.Bounds.Length + 1];

    public HistogramLayout Layout => layout;

    public long Count { get; private set; }

    public double Sum { get; private set; }

    /// <summary>Records <paramref name="weight"/> observations of <paramref name="value"/> (le is inclusive).</summary>
    public void Observe(double value, long weight = 1)
    {
        if (weight <= 0)
        {
            return;
        }

        var bounds = layout.Bounds;
        var i = 0;
        while (i < bounds.Length && value > bounds[i])
        {
            i++;
        }

        counts[i] += weight;
        Count += weight;
        Sum += value * weight;
    }

    /// <summary>Cumulative count of bucket <paramref name="index"/> (the last index is +Inf).</summary>
    public long Cumulative(int index)
    {
        long total = 0;
        for (var i = 0; i <= index; i++)
        {
            total += counts[i];
        }

        return total;
    }

    /// <summary>Writes cumulative counts into <paramref name="destination"/>, one per bucket including +Inf.</summary>
    public void CopyCumulative(Span<long> destination)
    {
        long total = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            total += counts[i];
            destination[i] = total;
        }
    }
}
