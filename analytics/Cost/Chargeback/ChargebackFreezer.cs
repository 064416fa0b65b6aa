using Observability.Ingest.Contract;

namespace Observability.Analytics.Cost.Chargeback;

/// <summary>
/// Freezes a month: the ledger's hourly lines summed per day into a revision the store keeps for good, so later
/// re-runs of the hourly job cannot change an exported month. Only a restatement adds a new revision.
/// </summary>
public static class ChargebackFreezer
{
    public static async Task<ChargebackRevision> FreezeAsync(
        ICostStore store, string month, DateTime monthStart, string by, string reason, TimeProvider time, CancellationToken cancellationToken)
    {
        var lines = await store.ReadAllocationsAsync(new TimeRange(monthStart, monthStart.AddMonths(1)), cancellationToken).ConfigureAwait(false);
        if (lines.Count == 0)
        {
            throw new InvalidOperationException($"month {month} has no allocation: run `obs cost allocate --month {month}` first");
        }

        var daily = lines
            .GroupBy(l => (Day: l.Hour.Date, l.Kind, l.Tenant, l.Model, l.Namespace, l.Deployment))
            .OrderBy(g => g.Key.Day).ThenBy(g => g.Key.Kind).ThenBy(g => g.Key.Tenant, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Model, StringComparer.Ordinal).ThenBy(g => g.Key.Namespace, StringComparer.Ordinal).ThenBy(g => g.Key.Deployment, StringComparer.Ordinal)
            .Select(g =>
            {
                var gpuHours = g.Sum(l => l.GpuHours);
                var measured = g.Where(l => !double.IsNaN(l.MeanUtilPct)).ToList();
                var measuredHours = measured.Sum(l => l.GpuHours);
                return new CostAllocationLine(
                    DateTime.SpecifyKind(g.Key.Day, DateTimeKind.Utc), g.Key.Kind, g.Key.Tenant, g.Key.Model, g.Key.Namespace, g.Key.Deployment,
                    g.Sum(l => l.Cost), gpuHours, g.Sum(l => l.Requests), g.Sum(l => l.InputTokens), g.Sum(l => l.OutputTokens), g.Sum(l => l.CachedInputTokens),
                    measuredHours > 0 ? measured.Sum(l => l.MeanUtilPct * l.GpuHours) / measuredHours : double.NaN,
                    g.Max(l => l.PriceBookVersion));
            })
            .ToList();
        var revision = new ChargebackRevision(month, 0, time.GetUtcNow().UtcDateTime, by, reason, lines.Max(l => l.PriceBookVersion));
        var number = await store.AddChargebackRevisionAsync(revision, daily, cancellationToken).ConfigureAwait(false);
        return revision with { Revision = number };
    }
}
