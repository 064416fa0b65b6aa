using Observability.Ingest.Model;

namespace Observability.Analytics.Summary;

/// <summary>
/// Adds histograms whose bucket layouts may differ (replicas of different server versions, a
/// layout change mid-period). Counts are exact only at bounds every layout has, so the sum is
/// taken on the intersection of the layouts: finer buckets fold into the coarser common ones.
/// </summary>
public static class HistogramMerge
{
    /// <summary>Common upper bounds (ascending, ending in +Inf) and the summed per-bucket counts; empty when there are no rows.</summary>
    public static (double[] Bounds, double[] Counts) OnCommonBounds(IReadOnlyCollection<ServingHistogram> rows)
    {
        if (rows.Count == 0)
        {
            return ([], []);
        }

        var common = new SortedSet<double>(rows.First().UpperBounds);
        foreach (var row in rows.Skip(1))
        {
            common.IntersectWith(row.UpperBounds);
        }

        common.Add(double.PositiveInfinity);
        var bounds = common.ToArray();
        var counts = new double[bounds.Length];
        foreach (var row in rows)
        {
            var target = 0;
            for (var i = 0; i < row.UpperBounds.Length; i++)
            {
                // Buckets of this row up to a common bound belong to that common bucket.
                while (row.UpperBounds[i] > bounds[target])
                {
                    target++;
                }

                counts[target] += row.BucketCounts[i];
            }
        }

        return (bounds, counts);
    }
}
