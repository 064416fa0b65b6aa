using Observability.Collectors.Mapping;
using Observability.Ingest.Model;

namespace Observability.Collectors.Serving;

/// <summary>
/// Collects one histogram's bucket, sum and count series in a scrape and builds its increase row.
/// Each part keeps its own counter state, so a restart (every part drops) is handled by the same
/// rule as any counter. No row on a first scrape, or when the bucket layout changed.
/// </summary>
internal sealed class HistogramAccumulator(ServingRule rule)
{
    private readonly List<ServingSeries> _buckets = [];
    private ServingSeries? _sum;
    private ServingSeries? _count;

    public ServingRule Rule { get; } = rule;

    public void Add(ServingSeries series)
    {
        switch (series.Part)
        {
            case HistogramPart.Bucket: _buckets.Add(series); break;
            case HistogramPart.Sum: _sum = series; break;
            case HistogramPart.Count: _count = series; break;
            default: break;
        }
    }

    public ServingHistogram? Build(ScrapeContext context, ServingIdentity identity)
    {
        if (_buckets.Count == 0)
        {
            return null;
        }

        _buckets.Sort(static (a, b) => a.UpperBound.CompareTo(b.UpperBound));
        var bounds = new double[_buckets.Count];
        var cumulative = new double[_buckets.Count];
        for (var i = 0; i < _buckets.Count; i++)
        {
            bounds[i] = _buckets[i].UpperBound;
            cumulative[i] = CounterMath.Increase(_buckets[i].Last, _buckets[i].Current);
            if (double.IsNaN(cumulative[i]))
            {
                return null;
            }
        }

        var count = _count is null ? cumulative[^1] : CounterMath.Increase(_count.Last, _count.Current);
        var sum = _sum is null ? double.NaN : CounterMath.Increase(_sum.Last, _sum.Current) * Rule.Scale;
        if (double.IsNaN(count))
        {
            return null;
        }

        if (!double.IsPositiveInfinity(bounds[^1]))
        {
            // A histogram must end in +Inf; where a source omits it, the count says what lies above the last bound.
            bounds = [.. bounds, double.PositiveInfinity];
            cumulative = [.. cumulative, Math.Max(count, cumulative[^1])];
        }

        var perBucket = new double[cumulative.Length];
        for (var i = 0; i < cumulative.Length; i++)
        {
            perBucket[i] = Math.Max(0, cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]));
        }

        return new ServingHistogram(context.Timestamp, context.Target, identity, Rule.Histogram!, bounds, perBucket, count, sum);
    }
}
