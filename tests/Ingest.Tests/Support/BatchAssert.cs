using Observability.Ingest.Contract;

namespace Observability.Ingest.Tests.Support;

/// <summary>Asserts two batches hold the same rows field by field, doubles compared by their bits and times with their kind.</summary>
internal static class BatchAssert
{
    public static void Equal(RowBatch expected, RowBatch actual)
    {
        Assert.Equal(expected.BatchId, actual.BatchId);
        Rows(expected.GpuSamples, actual.GpuSamples, (e, a) =>
        {
            Time(e.Timestamp, a.Timestamp);
            Assert.Equal(e.Target, a.Target);
            Assert.Equal(e.Gpu, a.Gpu);
            Bits(e.Values, a.Values);
        });
        Rows(expected.ServingSamples, actual.ServingSamples, (e, a) =>
        {
            Time(e.Timestamp, a.Timestamp);
            Assert.Equal(e.Target, a.Target);
            Assert.Equal(e.Server, a.Server);
            Bits(e.Values, a.Values);
        });
        Rows(expected.ServingHistograms, actual.ServingHistograms, (e, a) =>
        {
            Time(e.Timestamp, a.Timestamp);
            Assert.Equal((e.Target, e.Server, e.Metric), (a.Target, a.Server, a.Metric));
            Bits(e.UpperBounds, a.UpperBounds);
            Bits(e.BucketCounts, a.BucketCounts);
            Bits([e.Count, e.Sum], [a.Count, a.Sum]);
        });
        Rows(expected.RawSamples, actual.RawSamples, (e, a) =>
        {
            Time(e.Timestamp, a.Timestamp);
            Assert.Equal(e, a);
            Bits([e.Value], [a.Value]);
        });
        Rows(expected.ScrapeStatuses, actual.ScrapeStatuses, (e, a) =>
        {
            Time(e.Timestamp, a.Timestamp);
            Assert.Equal(e, a);
            Bits([e.DurationSeconds], [a.DurationSeconds]);
        });
        Rows(expected.RequestEvents, actual.RequestEvents, (e, a) =>
        {
            Time(e.Timestamp, a.Timestamp);
            Assert.Equal(e, a);
            Bits([e.TtftSeconds, e.InterTokenSeconds, e.E2eSeconds, e.QueueSeconds], [a.TtftSeconds, a.InterTokenSeconds, a.E2eSeconds, a.QueueSeconds]);
        });
    }

    private static void Rows<T>(List<T> expected, List<T> actual, Action<T, T> check)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            check(expected[i], actual[i]);
        }
    }

    private static void Time(DateTime expected, DateTime actual)
    {
        Assert.Equal(expected.Ticks, actual.Ticks);
        Assert.Equal(expected.Kind, actual.Kind);
    }

    private static void Bits(double[] expected, double[] actual) =>
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));
}
