using Observability.Analytics.Summary;
using Observability.Ingest.Model;

namespace Observability.Analytics.Tests;

public sealed class HistogramQuantileTests
{
    private static readonly double[] Bounds = [0.1, 0.5, 1, double.PositiveInfinity];

    [Theory]
    [InlineData(0.5, 0.4)] // rank 5 of 10: bucket (0.1, 0.5] holds ranks 3..6, 2 below it, so 0.1 + 0.4 * (5 - 2) / 4
    [InlineData(0.1, 0.05)] // rank 1: half-way through the first bucket, which starts at 0
    [InlineData(0.9, 0.5 + (0.5 * 3.0 / 3.0))] // rank 9: last of (0.5, 1]
    public void Compute_WorkedNumbers_InterpolatesLikePrometheus(double q, double expected)
    {
        Assert.Equal(expected, HistogramQuantile.Compute(q, Bounds, [2, 4, 3, 1]), 9);
    }

    [Fact]
    public void Compute_RankInInfBucket_HighestFiniteBound()
    {
        Assert.Equal(1, HistogramQuantile.Compute(0.99, Bounds, [0, 0, 1, 9]));
    }

    [Fact]
    public void Compute_NoObservations_NaN()
    {
        Assert.True(double.IsNaN(HistogramQuantile.Compute(0.95, Bounds, [0, 0, 0, 0])));
    }

    [Fact]
    public void OnCommonBounds_DifferentLayouts_FoldsFinerBucketsIntoShared()
    {
        var server = new ServingIdentity("", "", "vllm", "m", "", "", "", "", "", "");
        var fine = new ServingHistogram(default, "a", server, "ttft_seconds", [0.1, 0.25, 0.5, 1, double.PositiveInfinity], [1, 2, 3, 4, 5], 15, 0);
        var coarse = new ServingHistogram(default, "b", server, "ttft_seconds", [0.1, 0.5, 2, double.PositiveInfinity], [10, 20, 30, 40], 100, 0);

        var (bounds, counts) = HistogramMerge.OnCommonBounds([fine, coarse]);

        Assert.Equal([0.1, 0.5, double.PositiveInfinity], bounds);
        Assert.Equal([11.0, 25.0, 79.0], counts);
        Assert.Equal(115, counts.Sum());
    }
}
