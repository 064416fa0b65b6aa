using System.Globalization;
using System.Text;
using Observability.Analytics.Summary;
using Observability.Collectors.Scraping;

namespace Observability.Host.Commands;

/// <summary>Renders a <see cref="FleetSummary"/> as the plain-text table the demo ends with.</summary>
public static class SummaryTable
{
    public static string Render(FleetSummary s, ScrapeMetrics metrics)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(c, $"Fleet summary {s.From:HH:mm:ss}–{s.To:HH:mm:ss} UTC");
        text.AppendLine(c, $"  scrapes          {metrics.Attempts} ({metrics.Failures} failed), {metrics.SamplesTotal:N0} samples");
        text.AppendLine(c, $"  targets          {s.TargetsUp} up, {s.TargetsDown} down at last scrape");
        text.AppendLine(c, $"  GPUs seen        {s.GpusSeen} (MIG instances count as GPUs)");
        text.AppendLine(c, $"  mean utilization {(double.IsNaN(s.MeanGpuUtilPct) ? "n/a" : s.MeanGpuUtilPct.ToString("0.0", c) + " %")}");
        text.AppendLine();
        var rows = s.Models.Select(m => new[]
        {
            m.Model,
            m.Source,
            m.PromptTokens.ToString("N0", c),
            m.GenerationTokens.ToString("N0", c),
            m.RequestsSucceeded.ToString("N0", c),
            m.RequestsFailed.ToString("N0", c),
            double.IsNaN(m.P95TimeToFirstTokenSeconds) ? "n/a" : (m.P95TimeToFirstTokenSeconds * 1000).ToString("0", c) + " ms",
        }).ToList();
        string[] header = ["model", "server", "prompt tokens", "output tokens", "ok requests", "failed", "p95 TTFT"];
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        text.AppendLine(Line(header, widths));
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            text.AppendLine(Line(row, widths));
        }

        if (rows.Count == 0)
        {
            text.AppendLine("  (no serving rows yet: token counts need two scrapes of a server)");
        }

        return text.ToString();
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, i) => i < 2 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i])));
}
