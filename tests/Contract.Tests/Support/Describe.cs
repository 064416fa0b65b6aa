using System.Globalization;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.Contract.Tests.Support;

/// <summary>
/// Rows as one line of text each (every field, doubles in round-trip form), so two stores' answers compare exactly
/// and a difference shows which field of which row differs.
/// </summary>
internal static class Describe
{
    public static string D(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Ds(IEnumerable<double> values) => string.Join(",", values.Select(D));

    private static string T(DateTime t) => $"{t:O}/{t.Kind}";

    public static string Row(GpuSample s) => $"{T(s.Timestamp)}|{s.Target}|{s.Gpu}|{Ds(s.Values)}";

    public static string Row(ServingSample s) => $"{T(s.Timestamp)}|{s.Target}|{s.Server}|{Ds(s.Values)}";

    public static string Row(ServingHistogram h) =>
        $"{T(h.Timestamp)}|{h.Target}|{h.Server}|{h.Metric}|{Ds(h.UpperBounds)}|{Ds(h.BucketCounts)}|{D(h.Count)}|{D(h.Sum)}";

    public static string Row(RawSample s) => $"{T(s.Timestamp)}|{s.Target}|{s.Name}|{s.Labels}|{D(s.Value)}";

    public static string Row(ScrapeStatus s) => $"{T(s.Timestamp)}|{s.Target}|{s.Job}|{s.Up}|{D(s.DurationSeconds)}|{s.Samples}|{s.Error}";

    public static string Row(RequestEvent e) => $"{e}/{e.Timestamp.Kind}";

    public static string Row(GpuUtilization u) => $"{u.Uuid}|{u.MigInstanceId}|{u.Node}|{u.ModelName}|{u.Rows}|{D(u.MeanUtilPct)}";

    public static string Row(ModelServingTotals m) => $"{m.Model}|{m.Source}|{Ds(m.Sums)}";

    public static string Row(TenantUsage u) => u.ToString();

    public static async Task<List<string>> EverythingAsync(ITelemetryStore store, TimeRange range)
    {
        var ct = CancellationToken.None;
        var lines = new List<string>();
        lines.AddRange((await store.ReadGpuSamplesAsync(range, ct)).Select(r => "gpu " + Row(r)));
        lines.AddRange((await store.ReadServingSamplesAsync(range, ct)).Select(r => "serving " + Row(r)));
        lines.AddRange((await store.ReadServingHistogramsAsync(range, null, ct)).Select(r => "histogram " + Row(r)));
        lines.AddRange((await store.ReadServingHistogramsAsync(range, ServingHistogramNames.InterToken, ct)).Select(r => "itl " + Row(r)));
        lines.AddRange((await store.ReadRawSamplesAsync(range, ct)).Select(r => "raw " + Row(r)));
        lines.AddRange((await store.ReadScrapeStatusesAsync(range, ct)).Select(r => "status " + Row(r)));
        lines.AddRange((await store.ReadRequestEventsAsync(range, ct)).Select(r => "request " + Row(r)));
        lines.AddRange((await store.QueryGpuUtilizationAsync(range, ct)).Select(r => "util " + Row(r)));
        lines.AddRange((await store.QueryModelTotalsAsync(range, ct)).Select(r => "totals " + Row(r)));
        lines.AddRange((await store.QueryTenantUsageAsync(range, ct)).Select(r => "usage " + Row(r)));
        return lines;
    }
}
