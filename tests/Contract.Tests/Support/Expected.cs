using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.Contract.Tests.Support;

/// <summary>What the contract says a store must answer, computed in memory from the rows written.</summary>
internal static class Expected
{
    private static readonly StringComparer Ordinal = StringComparer.Ordinal;

    public static List<GpuUtilization> Utilization(RowBatch batch, TimeRange range) =>
        [.. batch.GpuSamples.Where(s => range.Contains(s.Timestamp))
            .GroupBy(s => (s.Gpu.Uuid, s.Gpu.MigInstanceId, s.Gpu.Node, s.Gpu.ModelName))
            .Select(g =>
            {
                var reported = g.Select(s => s[GpuField.GpuUtilPct]).Where(v => !double.IsNaN(v)).ToList();
                return new GpuUtilization(g.Key.Uuid, g.Key.MigInstanceId, g.Key.Node, g.Key.ModelName, g.Count(),
                    reported.Count == 0 ? double.NaN : reported.Sum() / reported.Count);
            })
            .OrderBy(u => u.Uuid, Ordinal).ThenBy(u => u.MigInstanceId, Ordinal).ThenBy(u => u.Node, Ordinal).ThenBy(u => u.ModelName, Ordinal)];

    public static List<ModelServingTotals> ModelTotals(RowBatch batch, TimeRange range) =>
        [.. batch.ServingSamples.Where(s => range.Contains(s.Timestamp))
            .GroupBy(s => (s.Server.Model, s.Server.Source))
            .Select(g =>
            {
                var sums = ServingSample.NewValues();
                foreach (var field in ServingFieldCatalog.All.Where(f => f.Kind == MetricKind.Increase))
                {
                    var reported = g.Select(s => s[field.Field]).Where(v => !double.IsNaN(v)).ToList();
                    sums[(int)field.Field] = reported.Count == 0 ? double.NaN : reported.Sum();
                }

                return new ModelServingTotals(g.Key.Model, g.Key.Source, sums);
            })
            .OrderBy(m => m.Model, Ordinal).ThenBy(m => m.Source, Ordinal)];

    public static List<TenantUsage> Usage(RowBatch batch, TimeRange range) =>
        [.. batch.RequestEvents.Where(e => range.Contains(e.Timestamp))
            .GroupBy(e => (e.Tenant, e.Model))
            .Select(g => new TenantUsage(g.Key.Tenant, g.Key.Model, g.Count(), g.Count(e => e.Status != RequestStatus.Success),
                g.Sum(e => e.InputTokens ?? 0), g.Sum(e => e.OutputTokens ?? 0), g.Sum(e => e.CachedInputTokens ?? 0)))
            .OrderBy(u => u.Tenant, Ordinal).ThenBy(u => u.Model, Ordinal)];
}
