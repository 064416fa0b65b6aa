using Observability.Ingest.Contract;

namespace Observability.Analytics.Slo;

/// <summary>One day of one group in a monthly compliance report; month-to-date values include the day.</summary>
public sealed record SloReportDay(DateOnly Day, string Group, double Total, double Good, double DaySli, double MonthToDateSli, double BudgetRemaining);

/// <summary>
/// A calendar month of an SLO, day by day (days in the SLO's time zone, UTC for rolling windows), and whether each
/// group met its objective over the month. Counts are events, or slices for timeslice budgeting.
/// </summary>
public sealed record SloMonthReport(SloDefinition Slo, int Year, int Month, DateTime From, DateTime To, IReadOnlyList<SloReportDay> Days)
{
    public IEnumerable<string> Groups => Days.Select(d => d.Group).Distinct(StringComparer.Ordinal);

    /// <summary>The month's last day of a group: its final SLI and budget.</summary>
    public SloReportDay? Final(string group) => Days.LastOrDefault(d => d.Group == group);

    public bool Met(string group) => Final(group) is not { } last || double.IsNaN(last.MonthToDateSli) || last.MonthToDateSli >= Slo.Objective;

    /// <summary>
    /// Builds the report from counts the store aggregates per bucket (a quarter hour, or the slice length): never the
    /// raw events of the month.
    /// </summary>
    public static async Task<SloMonthReport> BuildAsync(ISloStore store, SloDefinition slo, int year, int month, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(slo);
        var zone = slo.Window.TimeZone ?? TimeZoneInfo.Utc;
        var (from, to) = SloWindow.MonthOf(zone, year, month);
        var bucket = slo.Budgeting == BudgetingMethod.Timeslices ? slo.Timeslice!.Duration : TimeSpan.FromMinutes(15);
        var series = await store.QuerySliSeriesAsync(slo.Query, new TimeRange(from, to), bucket, cancellationToken).ConfigureAwait(false);
        var groups = slo.GroupedByTenant ? series.Select(s => s.Group).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() : [string.Empty];
        var slicesInMonth = (to - from) / bucket;
        var days = new List<SloReportDay>();
        foreach (var group in groups)
        {
            var byDay = series
                .Where(s => s.Group == group)
                .GroupBy(s => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(s.Start, zone)))
                .ToDictionary(g => g.Key, g => g.ToList());
            double cumulativeTotal = 0, cumulativeGood = 0;
            for (var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(from, zone)); day.Month == month; day = day.AddDays(1))
            {
                var buckets = byDay.GetValueOrDefault(day) ?? [];
                double total, good;
                if (slo.Budgeting == BudgetingMethod.Timeslices)
                {
                    var withData = buckets.Where(b => b.Total > 0).ToList();
                    total = withData.Count;
                    good = withData.Count(b => b.Good / b.Total >= slo.Timeslice!.Target);
                }
                else
                {
                    total = buckets.Sum(b => b.Total);
                    good = buckets.Sum(b => b.Good);
                }

                cumulativeTotal += total;
                cumulativeGood += good;
                var daySli = total > 0 ? good / total : double.NaN;
                var monthSli = cumulativeTotal > 0 ? cumulativeGood / cumulativeTotal : double.NaN;
                var budget = slo.Budgeting == BudgetingMethod.Timeslices
                    ? SloMath.SliceBudgetRemaining(cumulativeTotal - cumulativeGood, slicesInMonth, slo.Objective)
                    : SloMath.BudgetRemaining(cumulativeTotal, cumulativeGood, slo.Objective);
                days.Add(new SloReportDay(day, group, total, good, daySli, monthSli, budget));
            }
        }

        return new SloMonthReport(slo, year, month, from, to, days);
    }
}
