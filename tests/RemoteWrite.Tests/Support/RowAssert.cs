using Observability.Ingest.Model;

namespace Observability.RemoteWrite.Tests.Support;

/// <summary>Compares two stores' rows field by field (NaN equals NaN), with the row named in the failure message.</summary>
internal static class RowAssert
{
    public static void SameGpuRows(IEnumerable<GpuSample> expected, IEnumerable<GpuSample> actual)
    {
        var e = expected.OrderBy(GpuKey, StringComparer.Ordinal).ToList();
        var a = actual.OrderBy(GpuKey, StringComparer.Ordinal).ToList();
        Assert.Equal(e.Select(GpuKey), a.Select(GpuKey));
        for (var i = 0; i < e.Count; i++)
        {
            Assert.Equal(e[i].Gpu, a[i].Gpu);
            SameValues(e[i].Values, a[i].Values, GpuKey(e[i]), f => ((GpuField)f).ToString());
        }
    }

    public static void SameServingRows(IEnumerable<ServingSample> expected, IEnumerable<ServingSample> actual)
    {
        var e = expected.OrderBy(ServingKey, StringComparer.Ordinal).ToList();
        var a = actual.OrderBy(ServingKey, StringComparer.Ordinal).ToList();
        Assert.Equal(e.Select(ServingKey), a.Select(ServingKey));
        for (var i = 0; i < e.Count; i++)
        {
            Assert.Equal(e[i].Server, a[i].Server);
            SameValues(e[i].Values, a[i].Values, ServingKey(e[i]), f => ((ServingField)f).ToString());
        }
    }

    public static void SameHistograms(IEnumerable<ServingHistogram> expected, IEnumerable<ServingHistogram> actual)
    {
        var e = expected.OrderBy(HistogramKey, StringComparer.Ordinal).ToList();
        var a = actual.OrderBy(HistogramKey, StringComparer.Ordinal).ToList();
        Assert.Equal(e.Select(HistogramKey), a.Select(HistogramKey));
        for (var i = 0; i < e.Count; i++)
        {
            var key = HistogramKey(e[i]);
            Assert.True(e[i].UpperBounds.SequenceEqual(a[i].UpperBounds), $"{key}: bounds differ");
            Assert.True(e[i].BucketCounts.SequenceEqual(a[i].BucketCounts), $"{key}: bucket counts differ");
            Assert.True(Same(e[i].Count, a[i].Count) && Same(e[i].Sum, a[i].Sum), $"{key}: count/sum differ");
        }
    }

    public static void SameRaw(IEnumerable<RawSample> expected, IEnumerable<RawSample> actual)
    {
        static string Key(RawSample r) => $"{r.Timestamp:O}|{r.Target}|{r.Name}{r.Labels}={r.Value:R}";
        Assert.Equal(expected.Select(Key).Order(StringComparer.Ordinal), actual.Select(Key).Order(StringComparer.Ordinal));
    }

    public static void SameStatuses(IEnumerable<ScrapeStatus> expected, IEnumerable<ScrapeStatus> actual)
    {
        // Durations differ between two scrapers; everything else must agree.
        static string Key(ScrapeStatus s) => $"{s.Timestamp:O}|{s.Target}|{s.Job}|{s.Up}|{s.Samples}";
        Assert.Equal(expected.Select(Key).Order(StringComparer.Ordinal), actual.Select(Key).Order(StringComparer.Ordinal));
    }

    public static string GpuKey(GpuSample s) => $"{s.Timestamp:O}|{s.Target}|{s.Gpu.Uuid}|{s.Gpu.MigInstanceId}";

    public static string ServingKey(ServingSample s) => $"{s.Timestamp:O}|{s.Target}|{s.Server.Source}|{s.Server.Model}|{s.Server.ModelVersion}|{s.Server.Engine}|{s.Server.GpuUuid}";

    public static string HistogramKey(ServingHistogram h) => $"{h.Timestamp:O}|{h.Target}|{h.Server.Source}|{h.Server.Model}|{h.Server.ModelVersion}|{h.Server.Engine}|{h.Server.GpuUuid}|{h.Metric}";

    public static string ServingKeyWithoutTime(ServingSample s) => $"{s.Target}|{s.Server.Source}|{s.Server.Model}|{s.Server.ModelVersion}|{s.Server.Engine}|{s.Server.GpuUuid}";

    public static string HistogramKeyWithoutTime(ServingHistogram h) => $"{h.Target}|{h.Server.Source}|{h.Server.Model}|{h.Server.ModelVersion}|{h.Server.Engine}|{h.Server.GpuUuid}|{h.Metric}";

    private static void SameValues(double[] expected, double[] actual, string row, Func<int, string> field)
    {
        for (var f = 0; f < expected.Length; f++)
        {
            Assert.True(Same(expected[f], actual[f]), $"{row}: {field(f)} expected {expected[f]}, got {actual[f]}");
        }
    }

    private static bool Same(double a, double b) => a.Equals(b);
}
