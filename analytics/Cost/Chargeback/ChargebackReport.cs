using Observability.Ingest.Contract;

namespace Observability.Analytics.Cost.Chargeback;

/// <summary>One line of the month's summary: a tenant (or the idle / unallocated line) × model, in cents.</summary>
public sealed record ChargebackSummaryLine(
    CostLineKind Kind, string Tenant, string Model, decimal Cost, double GpuHours, long Requests, long InputTokens, long OutputTokens,
    long CachedInputTokens, double MeanUtilPct);

/// <summary>One day of a tenant × model, in cents; a tenant × model's days add up to its summary line.</summary>
public sealed record ChargebackDetailLine(DateOnly Day, string Tenant, string Model, decimal Cost, double GpuHours, long Requests, long InputTokens, long OutputTokens);

/// <summary>
/// A frozen month rounded to cents once, by the residual rule of <see cref="Money"/>: summary lines over the whole
/// month (they add up to <see cref="Total"/>, the month's exact total rounded), then each line's days towards that
/// line's cents.
/// </summary>
public sealed record ChargebackReport(
    IReadOnlyList<DateOnly> Days, IReadOnlyList<ChargebackSummaryLine> Summary, IReadOnlyList<ChargebackDetailLine> Detail, decimal Total, decimal ExactTotal)
{
    public static ChargebackReport Build(DateTime monthStart, IReadOnlyList<CostAllocationLine> frozen)
    {
        var days = Enumerable.Range(0, DateTime.DaysInMonth(monthStart.Year, monthStart.Month)).Select(d => DateOnly.FromDateTime(monthStart.AddDays(d))).ToList();
        var groups = frozen
            .GroupBy(l => (l.Kind, l.Tenant, l.Model))
            .OrderBy(g => g.Key.Kind).ThenBy(g => g.Key.Tenant, StringComparer.Ordinal).ThenBy(g => g.Key.Model, StringComparer.Ordinal)
            .ToList();
        var cents = Money.ToCents([.. groups.Select(g => g.Sum(l => l.Cost))]);
        var summary = new List<ChargebackSummaryLine>();
        var detail = new List<ChargebackDetailLine>();
        for (var i = 0; i < groups.Count; i++)
        {
            var g = groups[i];
            var gpuHours = g.Sum(l => l.GpuHours);
            var measured = g.Where(l => !double.IsNaN(l.MeanUtilPct)).ToList();
            var measuredHours = measured.Sum(l => l.GpuHours);
            summary.Add(new ChargebackSummaryLine(
                g.Key.Kind, g.Key.Tenant, g.Key.Model, cents[i], gpuHours, g.Sum(l => l.Requests), g.Sum(l => l.InputTokens), g.Sum(l => l.OutputTokens),
                g.Sum(l => l.CachedInputTokens), measuredHours > 0 ? measured.Sum(l => l.MeanUtilPct * l.GpuHours) / measuredHours : double.NaN));

            var byDay = g.GroupBy(l => DateOnly.FromDateTime(l.Hour)).OrderBy(d => d.Key).ToList();
            var dayCents = Money.Apportion([.. byDay.Select(d => d.Sum(l => l.Cost))], cents[i]);
            for (var d = 0; d < byDay.Count; d++)
            {
                detail.Add(new ChargebackDetailLine(
                    byDay[d].Key, g.Key.Tenant, g.Key.Model, dayCents[d], byDay[d].Sum(l => l.GpuHours), byDay[d].Sum(l => l.Requests),
                    byDay[d].Sum(l => l.InputTokens), byDay[d].Sum(l => l.OutputTokens)));
            }
        }

        return new ChargebackReport(days, summary, detail, cents.Sum(), frozen.Sum(l => l.Cost));
    }
}
