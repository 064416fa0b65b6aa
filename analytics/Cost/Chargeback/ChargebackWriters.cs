using System.Globalization;
using System.Text;
using System.Text.Json;
using Observability.Ingest.Contract;

namespace Observability.Analytics.Cost.Chargeback;

/// <summary>
/// The export's files, written by hand in a fixed layout with invariant formatting: nothing in them depends on the
/// clock, the culture or dictionary order, so the same revision always gives the same bytes.
/// </summary>
internal static class ChargebackWriters
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    public static byte[] SummaryCsv(List<ChargebackSummaryLine> lines, ChargebackReport report)
    {
        var csv = new StringBuilder();
        csv.Append("kind,tenant,model,cost_usd,gpu_hours,requests,input_tokens,output_tokens,cached_input_tokens,usd_per_1m_input_tokens,usd_per_1m_output_tokens,mean_util_pct\n");
        foreach (var l in lines)
        {
            csv.Append(Invariant($"{CostLineKindNames.Of(l.Kind)},{Field(l.Tenant)},{Field(l.Model)},{l.Cost:0.00},{l.GpuHours:0.######},{l.Requests},{l.InputTokens},{l.OutputTokens},{l.CachedInputTokens},{PerMillion(l.Cost, l.InputTokens)},{PerMillion(l.Cost, l.OutputTokens)},{Number(l.MeanUtilPct)}\n"));
        }

        csv.Append(Invariant($"total,,,{report.Total:0.00},,,,,,,,\n"));
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    public static byte[] DetailCsv(List<ChargebackDetailLine> lines)
    {
        var csv = new StringBuilder("day,tenant,model,cost_usd,gpu_hours,requests,input_tokens,output_tokens\n");
        foreach (var l in lines.OrderBy(l => l.Day).ThenBy(l => l.Model, StringComparer.Ordinal))
        {
            csv.Append(Invariant($"{l.Day:yyyy-MM-dd},{Field(l.Tenant)},{Field(l.Model)},{l.Cost:0.00},{l.GpuHours:0.######},{l.Requests},{l.InputTokens},{l.OutputTokens}\n"));
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    public static byte[] SummaryJson(List<ChargebackSummaryLine> lines, ChargebackReport report) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("total_usd", report.Total.ToString("0.00", CultureInfo.InvariantCulture));
        w.WriteStartArray("lines");
        foreach (var l in lines)
        {
            w.WriteStartObject();
            w.WriteString("kind", CostLineKindNames.Of(l.Kind));
            w.WriteString("tenant", l.Tenant);
            w.WriteString("model", l.Model);
            w.WriteString("cost_usd", l.Cost.ToString("0.00", CultureInfo.InvariantCulture));
            w.WriteNumber("gpu_hours", Math.Round(l.GpuHours, 6));
            w.WriteNumber("requests", l.Requests);
            w.WriteNumber("input_tokens", l.InputTokens);
            w.WriteNumber("output_tokens", l.OutputTokens);
            w.WriteNumber("cached_input_tokens", l.CachedInputTokens);
            w.WriteString("usd_per_1m_input_tokens", PerMillion(l.Cost, l.InputTokens));
            w.WriteString("usd_per_1m_output_tokens", PerMillion(l.Cost, l.OutputTokens));
            w.WriteString("mean_util_pct", Number(l.MeanUtilPct));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    public static byte[] DetailJson(List<ChargebackDetailLine> lines) => Json(w =>
    {
        w.WriteStartArray();
        foreach (var l in lines.OrderBy(l => l.Day).ThenBy(l => l.Model, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("day", l.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteString("tenant", l.Tenant);
            w.WriteString("model", l.Model);
            w.WriteString("cost_usd", l.Cost.ToString("0.00", CultureInfo.InvariantCulture));
            w.WriteNumber("gpu_hours", Math.Round(l.GpuHours, 6));
            w.WriteNumber("requests", l.Requests);
            w.WriteNumber("input_tokens", l.InputTokens);
            w.WriteNumber("output_tokens", l.OutputTokens);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    /// <summary>The month's provenance: revision, price-book version, totals by kind, restatement history, and every file's SHA-256.</summary>
    public static byte[] Manifest(ChargebackRevision revision, IReadOnlyList<ChargebackRevision> all, ChargebackReport report, List<(string Name, byte[] Bytes)> files) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("month", revision.Month);
        w.WriteNumber("revision", revision.Revision);
        w.WriteNumber("price_book_version", revision.PriceBookVersion);
        w.WriteString("total_usd", report.Total.ToString("0.00", CultureInfo.InvariantCulture));
        foreach (var kind in Enum.GetValues<CostLineKind>())
        {
            w.WriteString($"{CostLineKindNames.Of(kind)}_usd", report.Summary.Where(s => s.Kind == kind).Sum(s => s.Cost).ToString("0.00", CultureInfo.InvariantCulture));
        }

        w.WriteBoolean("restated", revision.Revision > 1);
        w.WriteStartArray("revisions");
        foreach (var r in all)
        {
            w.WriteStartObject();
            w.WriteNumber("revision", r.Revision);
            w.WriteString("created_at", r.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            w.WriteString("created_by", r.CreatedBy);
            w.WriteString("reason", r.Reason);
            w.WriteNumber("price_book_version", r.PriceBookVersion);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("files");
        foreach (var (name, bytes) in files)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("sha256", ChargebackExporter.Sha256(bytes));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            write(writer);
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }


    private static string PerMillion(decimal cost, long tokens) =>
        tokens > 0 ? (cost * 1_000_000m / tokens).ToString("0.0000", CultureInfo.InvariantCulture) : "";

    private static string Number(double value) => double.IsNaN(value) ? "" : value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.</summary>
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
