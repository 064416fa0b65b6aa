using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.Analytics.Summary;

/// <summary>
/// Builds a <see cref="FleetSummary"/> from any store: GPU and token aggregates come from the
/// store's own queries; p95 TTFT merges each model's histogram increases (on the bounds all
/// its replicas share) and interpolates.
/// </summary>
public sealed class FleetSummaryQuery(ITelemetryStore store)
{
    public async Task<FleetSummary> RunAsync(TimeRange range, CancellationToken cancellationToken)
    {
        var gpus = await store.QueryGpuUtilizationAsync(range, cancellationToken).ConfigureAwait(false);
        var totals = await store.QueryModelTotalsAsync(range, cancellationToken).ConfigureAwait(false);
        var ttft = await store.ReadServingHistogramsAsync(range, ServingHistogramNames.TimeToFirstToken, cancellationToken).ConfigureAwait(false);
        var statuses = await store.ReadScrapeStatusesAsync(range, cancellationToken).ConfigureAwait(false);

        var reporting = gpus.Where(g => !double.IsNaN(g.MeanUtilPct)).ToList();
        var meanUtil = reporting.Count == 0 ? double.NaN : reporting.Average(g => g.MeanUtilPct);
        var p95 = ttft.GroupBy(h => (h.Server.Model, h.Server.Source))
            .ToDictionary(g => g.Key, g => P95(g));
        var latest = statuses.GroupBy(s => s.Target).Select(g => g.MaxBy(s => s.Timestamp)!).ToList();

        var models = totals
            .Select(t => new ModelSummary(
                t.Model,
                t.Source,
                Zero(t[ServingField.PromptTokens]),
                Zero(t[ServingField.GenerationTokens]),
                Zero(t[ServingField.RequestsSucceeded]),
                Zero(t[ServingField.RequestsFailed]),
                p95.GetValueOrDefault((t.Model, t.Source), double.NaN)))
            .OrderBy(m => m.Model, StringComparer.Ordinal)
            .ToList();
        return new FleetSummary(range.From, range.To, gpus.Count, meanUtil, latest.Count(s => s.Up), latest.Count(s => !s.Up), models);
    }

    private static double Zero(double v) => double.IsNaN(v) ? 0 : v;

    private static double P95(IEnumerable<ServingHistogram> rows)
    {
        var (bounds, counts) = HistogramMerge.OnCommonBounds(rows.ToList());
        return bounds.Length == 0 ? double.NaN : HistogramQuantile.Compute(0.95, bounds, counts);
    }
}
