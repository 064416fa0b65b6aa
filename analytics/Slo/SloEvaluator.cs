using System.Globalization;
using Observability.Ingest.Contract;

namespace Observability.Analytics.Slo;

/// <summary>
/// Computes an SLO at the clock's now from counts the store aggregates: one count query per window for occurrence
/// budgeting, one bucketed series for timeslices. Never reads raw events.
/// </summary>
public sealed class SloEvaluator(ISloStore store, TimeProvider time)
{
    public async Task<SloEvaluation> EvaluateAsync(SloDefinition slo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slo);
        var now = time.GetUtcNow().UtcDateTime;
        var (from, to) = SloWindow.BudgetRange(slo.Window, now);
        var period = SloWindow.Period(slo.Window, now);
        var boundsError = await HistogramBounds.CheckAsync(store, slo, new TimeRange(from, to), cancellationToken).ConfigureAwait(false);
        if (boundsError is not null)
        {
            return new SloEvaluation(slo, now, period, [], boundsError);
        }

        var windows = BurnRateTable.WindowsOf(slo);
        var groups = slo.Budgeting == BudgetingMethod.Occurrences
            ? await OccurrencesAsync(slo, now, from, windows, cancellationToken).ConfigureAwait(false)
            : await TimeslicesAsync(slo, now, from, period, windows, cancellationToken).ConfigureAwait(false);
        return new SloEvaluation(slo, now, period, groups, null);
    }

    /// <summary>The rows kept in the store for one evaluation: a <c>budget</c> row and a row per burn window for each group.</summary>
    public static IReadOnlyList<SloResultRow> ToRows(SloEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var rows = new List<SloResultRow>();
        foreach (var g in evaluation.Groups)
        {
            rows.Add(new SloResultRow(evaluation.At, evaluation.Slo.Name, g.Group, "budget", g.Total, g.Good, g.Sli, double.NaN, g.BudgetRemaining));
            rows.AddRange(g.Windows.Select(w => new SloResultRow(
                evaluation.At, evaluation.Slo.Name, g.Group, SloDuration.Format(w.Length), w.Total, w.Good, Ratio(w.Total, w.Good), w.BurnRate, double.NaN)));
        }

        return rows;
    }

    private async Task<List<SloGroupResult>> OccurrencesAsync(
        SloDefinition slo, DateTime now, DateTime from, IReadOnlyList<TimeSpan> windows, CancellationToken cancellationToken)
    {
        var budget = await store.QuerySliCountsAsync(slo.Query, new TimeRange(from, now), cancellationToken).ConfigureAwait(false);
        var perWindow = new List<(TimeSpan Length, IReadOnlyList<SliCounts> Counts)>();
        foreach (var window in windows)
        {
            var counts = await store.QuerySliCountsAsync(slo.Query, new TimeRange(now - window, now), cancellationToken).ConfigureAwait(false);
            perWindow.Add((window, counts));
        }

        return [.. GroupNames(slo, budget.Select(c => c.Group).Concat(perWindow.SelectMany(w => w.Counts.Select(c => c.Group))))
            .Select(group =>
            {
                var b = Find(budget, group);
                var burns = perWindow.Select(w =>
                {
                    var c = Find(w.Counts, group);
                    return new BurnWindow(w.Length, c.Total, c.Good, SloMath.BurnRate(c.Total, c.Good, slo.Objective));
                }).ToList();
                return new SloGroupResult(group, b.Total, b.Good, Ratio(b.Total, b.Good), SloMath.BudgetRemaining(b.Total, b.Good, slo.Objective), burns);
            })];
    }

    private async Task<List<SloGroupResult>> TimeslicesAsync(
        SloDefinition slo, DateTime now, DateTime from, TimeSpan period, IReadOnlyList<TimeSpan> windows, CancellationToken cancellationToken)
    {
        var slice = slo.Timeslice!;
        var earliest = Floor(new[] { from, now - windows.Max() }.Min(), slice.Duration);
        var series = await store.QuerySliSeriesAsync(slo.Query, new TimeRange(earliest, now), slice.Duration, cancellationToken).ConfigureAwait(false);
        var slicesInPeriod = period / slice.Duration;
        return [.. GroupNames(slo, series.Select(s => s.Group)).Select(group =>
        {
            var own = series.Where(s => s.Group == group).ToList();
            var (withData, bad) = Slices(own, Floor(from, slice.Duration), slice.Target);
            var elapsed = Math.Max(1, Math.Ceiling((now - Floor(from, slice.Duration)) / slice.Duration));
            var burns = windows.Select(w =>
            {
                var windowStart = Floor(now - w, slice.Duration);
                var (data, badInWindow) = Slices(own, windowStart, slice.Target);
                var slicesInWindow = w / slice.Duration;
                var burn = data > 0 ? badInWindow / slicesInWindow / slo.ErrorBudget : double.NaN;
                return new BurnWindow(w, data, data - badInWindow, burn);
            }).ToList();

            // The indicator counts slices so far: slices without events are good, as in the budget.
            return new SloGroupResult(group, withData, withData - bad, (elapsed - bad) / elapsed, SloMath.SliceBudgetRemaining(bad, slicesInPeriod, slo.Objective), burns);
        })];
    }

    private static (double WithData, double Bad) Slices(List<SliBucketCounts> series, DateTime from, double target)
    {
        var inRange = series.Where(s => s.Start >= from && s.Total > 0).ToList();
        return (inRange.Count, inRange.Count(s => s.Good / s.Total < target));
    }

    private static IEnumerable<string> GroupNames(SloDefinition slo, IEnumerable<string> seen) =>
        slo.GroupedByTenant ? seen.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal) : [string.Empty];

    private static SliCounts Find(IReadOnlyList<SliCounts> counts, string group) =>
        counts.FirstOrDefault(c => c.Group == group) ?? new SliCounts(group, 0, 0);

    private static double Ratio(double total, double good) => total > 0 ? good / total : double.NaN;

    private static DateTime Floor(DateTime t, TimeSpan step) => new(t.Ticks - ((t.Ticks - DateTime.UnixEpoch.Ticks) % step.Ticks), DateTimeKind.Utc);
}

/// <summary>
/// A histogram can only tell how many observations fell under one of its bucket bounds, so a latency threshold on
/// serving histograms must be a bound of every layout stored for the SLO's models.
/// </summary>
public static class HistogramBounds
{
    /// <summary>Null when the SLO does not use histograms or the threshold is a bound; otherwise the error to show.</summary>
    public static async Task<string?> CheckAsync(ISloStore store, SloDefinition slo, TimeRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(slo);
        if (slo.Query.Source != SliSource.ServingHistograms || slo.Query.HistogramMetric is not { } metric || slo.Query.HistogramThreshold is not { } threshold)
        {
            return null;
        }

        var layouts = await store.QueryHistogramBoundsAsync(metric, slo.Query.Models, range, cancellationToken).ConfigureAwait(false);
        var missing = layouts.Where(l => !l.Any(b => double.IsFinite(b) && Math.Abs(b - threshold) <= 1e-9 * Math.Max(1, Math.Abs(b)))).ToList();
        if (missing.Count == 0)
        {
            return null;
        }

        var bounds = string.Join("; ", missing.Select(l => string.Join(", ", l.Where(double.IsFinite).Select(b => b.ToString("R", CultureInfo.InvariantCulture) + "s"))));
        return $"{slo.File}: spec.indicator.latency.threshold: {threshold.ToString("R", CultureInfo.InvariantCulture)}s is not a bucket bound of {metric}; " +
               $"the bounds that exist are: {bounds}";
    }
}
