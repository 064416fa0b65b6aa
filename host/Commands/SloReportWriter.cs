using System.Globalization;
using System.Text;
using Observability.Analytics.Slo;

namespace Observability.Host.Commands;

/// <summary>
/// Writes a month's compliance report: one CSV with every SLO's days, and one PNG per SLO (ScottPlot) charting the
/// error budget left, month to date, per tenant.
/// </summary>
public static class SloReportWriter
{
    public const string CsvHeader = "slo,tenant,day,total,good,day_sli,month_to_date_sli,budget_remaining,objective,met";

    public static async Task<IReadOnlyList<string>> WriteAsync(IReadOnlyList<SloMonthReport> reports, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reports);
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        var month = reports.Count > 0 ? $"{reports[0].Year:D4}-{reports[0].Month:D2}" : "month";
        var csv = Path.Combine(directory, $"slo-report-{month}.csv");
        await File.WriteAllTextAsync(csv, Csv(reports), cancellationToken).ConfigureAwait(false);
        files.Add(csv);
        foreach (var report in reports)
        {
            var png = Path.Combine(directory, $"{report.Slo.Name}-{month}.png");
            Chart(report, png);
            files.Add(png);
        }

        return files;
    }

    public static string Csv(IReadOnlyList<SloMonthReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder().AppendLine(CsvHeader);
        foreach (var report in reports)
        {
            foreach (var d in report.Days)
            {
                text.AppendLine(c, $"{Field(report.Slo.Name)},{Field(d.Group)},{d.Day:yyyy-MM-dd},{d.Total.ToString("R", c)},{d.Good.ToString("R", c)}," +
                                   $"{Number(d.DaySli)},{Number(d.MonthToDateSli)},{Number(d.BudgetRemaining)},{report.Slo.Objective.ToString("R", c)}," +
                                   $"{(report.Met(d.Group) ? "yes" : "no")}");
            }
        }

        return text.ToString();
    }

    private static void Chart(SloMonthReport report, string path)
    {
        var plot = new ScottPlot.Plot();
        foreach (var group in report.Groups)
        {
            var days = report.Days.Where(d => d.Group == group).ToList();
            var xs = days.Select(d => d.Day.ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray();
            var ys = days.Select(d => d.BudgetRemaining * 100).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = group.Length == 0 ? report.Slo.Name : group;
        }

        // Below zero the month's budget is overspent.
        var exhausted = plot.Add.HorizontalLine(0);
        exhausted.Color = ScottPlot.Colors.Gray;
        exhausted.LinePattern = ScottPlot.LinePattern.Dashed;
        plot.Axes.DateTimeTicksBottom();
        plot.Title($"{report.Slo.Name}: error budget left, {report.Year:D4}-{report.Month:D2} (objective {report.Slo.Objective * 100:0.###} %)");
        plot.YLabel("budget left, month to date (%)");
        plot.ShowLegend();
        plot.SavePng(path, 1000, 500);
    }

    /// <summary>Ratios to ten decimals: enough for any objective, and without the floating-point residue of 1 − 0.01 ÷ 0.01.</summary>
    private static string Number(double value) => double.IsNaN(value) ? string.Empty : Math.Round(value, 10).ToString("R", CultureInfo.InvariantCulture);

    /// <summary>RFC 4180 quoting when a value holds a comma, quote or line break (tenant and SLO names are free text).</summary>
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
