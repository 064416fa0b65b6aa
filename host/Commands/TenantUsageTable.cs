using System.Globalization;
using System.Text;
using Observability.Collectors.Otlp;
using Observability.Ingest.Contract;
using Observability.Simulator.Gateway;

namespace Observability.Host.Commands;

/// <summary>
/// Renders per-tenant usage read back from the store (request events from the gateway's OTLP spans) beside the ground
/// truth: requests against the simulator's count of finished requests, tokens against what the gateway reported.
/// </summary>
public static class TenantUsageTable
{
    public static string Render(IReadOnlyList<TenantUsage> stored, GatewayTruth truth, OtlpMetrics metrics)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(c, $"Requests and tokens per tenant (gateway spans -> OTLP -> store, vs ground truth)");
        text.AppendLine(c, $"  spans exported {truth.SpansEmitted:N0}, stored as request events {metrics.MappedSpans:N0}, rejected {metrics.RejectedSpans:N0}, unknown tenant {metrics.UnknownTenantRequests:N0}, lost before export {truth.EventsDropped + truth.SpansNotRecorded:N0}");
        var tenants = truth.Usage.Select(u => u.Tenant).Concat(stored.Select(s => s.Tenant)).Distinct().Order(StringComparer.Ordinal);
        var rows = new List<string[]>();
        var allMatch = true;
        foreach (var tenant in tenants)
        {
            var s = stored.Where(u => u.Tenant == tenant).ToList();
            var requests = s.Sum(u => u.Requests);
            var input = s.Sum(u => u.InputTokens);
            var output = s.Sum(u => u.OutputTokens);
            var fleetRequests = truth.Fleet.Usage.Where(u => u.Tenant == tenant).Sum(u => u.Requests);
            var match = requests == fleetRequests && input == truth.InputTokens(tenant) && output == truth.OutputTokens(tenant);
            allMatch &= match;
            rows.Add(
            [
                tenant,
                requests.ToString("N0", c),
                fleetRequests.ToString("N0", c),
                s.Sum(u => u.Failed).ToString("N0", c),
                input.ToString("N0", c),
                truth.InputTokens(tenant).ToString("N0", c),
                output.ToString("N0", c),
                truth.OutputTokens(tenant).ToString("N0", c),
                match ? "yes" : "NO",
            ]);
        }

        string[] header = ["tenant", "requests", "truth", "failed", "input tokens", "truth", "output tokens", "truth", "match"];
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        text.AppendLine(Line(header, widths));
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            text.AppendLine(Line(row, widths));
        }

        text.AppendLine(rows.Count == 0 ? "  (no requests finished yet)" : allMatch ? "  every tenant matches its ground truth" : "  MISMATCH: the store does not reproduce the ground truth");
        return text.ToString();
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i])));
}
