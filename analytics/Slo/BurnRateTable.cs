namespace Observability.Analytics.Slo;

/// <summary>
/// The multiwindow, multi-burn-rate table of the Google SRE workbook, as budget fractions rather than factors so that
/// any SLO period derives its own thresholds: for 30 days these give 14.4, 6, 3 and 1; for 28 days 13.44, 5.6, 2.8
/// and 0.933. An SLO file may replace the table.
/// </summary>
public static class BurnRateTable
{
    public static IReadOnlyList<BurnRateRule> Default { get; } =
    [
        new("page", TimeSpan.FromHours(1), TimeSpan.FromMinutes(5), 0.02, TimeSpan.Zero),
        new("page", TimeSpan.FromHours(6), TimeSpan.FromMinutes(30), 0.05, TimeSpan.Zero),
        new("ticket", TimeSpan.FromDays(1), TimeSpan.FromHours(2), 0.10, TimeSpan.Zero),
        new("ticket", TimeSpan.FromDays(3), TimeSpan.FromHours(6), 0.10, TimeSpan.Zero),
    ];

    /// <summary>The burn-rate windows every SLO reports, whether or not a rule uses them.</summary>
    public static IReadOnlyList<TimeSpan> ReportedWindows { get; } =
    [
        TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2),
        TimeSpan.FromHours(6), TimeSpan.FromDays(1), TimeSpan.FromDays(3),
    ];

    /// <summary>The reported windows plus any other window the SLO's rules use, shortest first.</summary>
    public static IReadOnlyList<TimeSpan> WindowsOf(SloDefinition slo) =>
        [.. ReportedWindows.Concat(slo.Alerting.Rules.SelectMany(r => new[] { r.LongWindow, r.ShortWindow })).Distinct().Order()];
}
