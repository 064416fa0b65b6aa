using System.Globalization;
using System.Text;
using Observability.Host.Service;

namespace Observability.Host.Commands;

/// <summary>Renders SLO statuses as the table <c>obs slo status</c> prints: one line per SLO and tenant.</summary>
public static class SloStatusTable
{
    public static string Render(IReadOnlyList<SloStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var c = CultureInfo.InvariantCulture;
        var rows = new List<string[]>();
        foreach (var s in statuses)
        {
            if (s.Error is not null)
            {
                rows.Add([s.Slo, "", s.Window, "error", "", "", s.Error]);
                continue;
            }

            foreach (var g in s.Groups)
            {
                rows.Add(
                [
                    s.Slo,
                    g.Tenant,
                    s.Window,
                    g.Sli is { } sli ? (sli * 100).ToString("0.000", c) + " %" : "n/a",
                    g.BudgetRemaining is { } b ? (b * 100).ToString("0.0", c) + " %" : "n/a",
                    g.FastestBurn is { } f ? f.ToString("0.00", c) + "× " + FastestWindow(g) : "n/a",
                    g.State,
                ]);
            }
        }

        string[] header = ["SLO", "tenant", "window", "SLI", "budget left", "fastest burn", "state"];
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        text.AppendLine(Line(header, widths));
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            text.AppendLine(Line(row, widths));
        }

        if (rows.Count == 0)
        {
            text.AppendLine("(no SLOs)");
        }

        return text.ToString();
    }

    private static string FastestWindow(SloGroupStatus g) =>
        "over " + g.BurnRates.Where(b => b.Value is not null).MaxBy(b => b.Value!.Value).Key;

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, i) => i is 3 or 4 or 5 ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]))).TrimEnd();
}
