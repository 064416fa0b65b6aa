using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Observability.Ingest.Contract;

namespace Observability.Analytics.Cost.Chargeback;

/// <summary>
/// <c>obs export chargeback</c>: a month's chargeback from its frozen revision. The first export of a finished
/// month freezes it; every later export renders the same revision and so writes byte-identical files, until a
/// restatement adds a revision, which the manifest then names (who, why, when, and the revisions before it).
/// </summary>
public sealed class ChargebackExporter(ICostStore store, TimeProvider time)
{
    public async Task<ChargebackExport> ExportAsync(string month, string? tenant, ChargebackFormat format, string outDirectory, CancellationToken cancellationToken)
    {
        var monthStart = ParseMonth(month);
        var revisions = await store.ReadChargebackRevisionsAsync(month, cancellationToken).ConfigureAwait(false);
        if (revisions.Count == 0)
        {
            if (time.GetUtcNow().UtcDateTime < monthStart.AddMonths(1))
            {
                throw new InvalidOperationException($"month {month} is not over yet; an export freezes a month, so it waits for its end");
            }

            await ChargebackFreezer.FreezeAsync(store, month, monthStart, "export", "first export", time, cancellationToken).ConfigureAwait(false);
            revisions = await store.ReadChargebackRevisionsAsync(month, cancellationToken).ConfigureAwait(false);
        }

        var revision = revisions[^1];
        var lines = await store.ReadChargebackLinesAsync(month, revision.Revision, cancellationToken).ConfigureAwait(false);
        var report = ChargebackReport.Build(monthStart, lines);
        if (tenant is not null && !report.Summary.Any(s => s.Tenant == tenant))
        {
            throw new ArgumentException($"tenant '{tenant}' has no charge in {month}", nameof(tenant));
        }

        Directory.CreateDirectory(outDirectory);
        var files = new List<(string Name, byte[] Bytes)>();
        var shown = report.Summary.Where(s => tenant is null || s.Tenant == tenant).ToList();
        var prefix = $"chargeback-{month}";
        files.Add(format == ChargebackFormat.Csv
            ? ($"{prefix}.csv", ChargebackWriters.SummaryCsv(shown, report))
            : ($"{prefix}.json", ChargebackWriters.SummaryJson(shown, report)));
        foreach (var name in shown.Where(s => s.Kind == CostLineKind.Tenant).Select(s => s.Tenant).Distinct().Order(StringComparer.Ordinal))
        {
            var detail = report.Detail.Where(d => d.Tenant == name).ToList();
            files.Add(format == ChargebackFormat.Csv
                ? ($"{prefix}-detail-{FileName(name)}.csv", ChargebackWriters.DetailCsv(detail))
                : ($"{prefix}-detail-{FileName(name)}.json", ChargebackWriters.DetailJson(detail)));
            files.Add(($"{prefix}-{FileName(name)}.png", Chart(name, month, report.Days, detail)));
        }

        files.Add(($"{prefix}-manifest.json", ChargebackWriters.Manifest(revision, revisions, report, files)));
        foreach (var (name, bytes) in files)
        {
            await File.WriteAllBytesAsync(Path.Combine(outDirectory, name), bytes, cancellationToken).ConfigureAwait(false);
        }

        return new ChargebackExport(revision, report.Total, [.. files.Select(f => Path.Combine(outDirectory, f.Name))]);
    }

    /// <summary>
    /// Restates an exported month deliberately: re-allocates it with the newest price book and freezes the result
    /// as a new revision that records who and why. The previous revisions stay in the store.
    /// </summary>
    public async Task<ChargebackRevision> RestateAsync(string month, string by, string reason, CostAllocationRunner runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var monthStart = ParseMonth(month);
        var revisions = await store.ReadChargebackRevisionsAsync(month, cancellationToken).ConfigureAwait(false);
        if (revisions.Count == 0)
        {
            throw new InvalidOperationException($"month {month} was never exported, so there is nothing to restate: re-run `obs cost allocate` instead");
        }

        await runner.RunAsync(new TimeRange(monthStart, monthStart.AddMonths(1)), cancellationToken).ConfigureAwait(false);
        return await ChargebackFreezer.FreezeAsync(store, month, monthStart, by, reason, time, cancellationToken).ConfigureAwait(false);
    }

    public static DateTime ParseMonth(string month) =>
        DateTime.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var start)
            ? start
            : throw new ArgumentException($"a month is YYYY-MM, got '{month}'", nameof(month));

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static byte[] Chart(string tenant, string month, IReadOnlyList<DateOnly> days, List<ChargebackDetailLine> detail)
    {
        var models = detail.Select(d => d.Model).Distinct().Order(StringComparer.Ordinal)
            .Select(m => (m, days.Select(day => (double)detail.Where(d => d.Model == m && d.Day == day).Sum(d => d.Cost)).ToArray()))
            .ToList();
        return ChargebackChart.Render($"{tenant}: daily cost by model, {month}", days, models);
    }

    private static string FileName(string tenant)
    {
        var builder = new StringBuilder(tenant.Length);
        foreach (var c in tenant)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return builder.ToString();
    }
}

/// <summary>What an export wrote.</summary>
public sealed record ChargebackExport(ChargebackRevision Revision, decimal Total, IReadOnlyList<string> Files);
