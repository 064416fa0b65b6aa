using Observability.Ingest.Contract;

namespace Observability.Analytics.Cost;

/// <summary>
/// Steps 1 and 2 of the allocation: what each physical GPU cost in an hour, and which deployment each part of it
/// belongs to. A GPU costs its hourly rate for the slots in which it reported (a GPU that disappears stops costing;
/// missing slots are counted as gaps, never filled in), plus metered power under on-prem pricing. A MIG instance
/// takes its slices' share of its parent for the slots it reported; the parent's remaining slices belong to the
/// parent row's pod, or to the idle line.
/// </summary>
public sealed class GpuCostCalculator(PriceBook book, int priceBookVersion, TimeSpan slot)
{
    private readonly double _slotHours = slot.TotalHours;

    public List<GpuCostPiece> Pieces { get; } = [];

    public List<UnpricedGpuHour> Unpriced { get; } = [];

    /// <summary>Slots in which a GPU seen in an hour reported nothing: telemetry gaps, reported rather than invented.</summary>
    public long GapSlots { get; private set; }

    /// <summary>The fleet's GPU cost: the sum of every piece, exact at ledger precision.</summary>
    public decimal Total { get; private set; }

    public void Add(IEnumerable<GpuHourUsage> rows)
    {
        var slotsPerHour = (int)(TimeSpan.FromHours(1) / slot);
        foreach (var gpu in rows.GroupBy(r => (r.Hour, r.Cluster, r.Node, r.Uuid)))
        {
            var parts = gpu.ToList();
            var physicalSlots = parts.Max(r => r.Slots);
            GapSlots += slotsPerHour - physicalSlots;
            AddGpu(gpu.Key.Hour, gpu.Key.Cluster, gpu.Key.Uuid, parts, physicalSlots);
        }
    }

    private void AddGpu(DateTime hour, string cluster, string uuid, List<GpuHourUsage> parts, int physicalSlots)
    {
        var modelName = parts.Select(p => p.ModelName).FirstOrDefault(m => m.Length > 0) ?? string.Empty;
        var physicalHours = physicalSlots * _slotHours;
        var sku = book.SkuOf(modelName);
        var price = sku is null ? null : book.GpuPriceAt(sku, cluster, hour);
        if (sku is null || price is null)
        {
            Unpriced.Add(new UnpricedGpuHour(hour, uuid, modelName, physicalHours, sku is null ? "no SKU for modelName" : $"no price for {sku} yet"));
            return;
        }

        // DCGM meters energy on the physical GPU: the parent row when the GPU is in MIG mode.
        var parents = parts.Where(p => p.MigInstanceId.Length == 0).ToList();
        var energy = (parents.Count > 0 ? parents : parts).Sum(p => double.IsNaN(p.EnergyMillijoules) ? 0 : p.EnergyMillijoules);
        var powerCost = price.PowerPerKwh == 0 ? 0m : (decimal)(energy / 3.6e9) * price.PowerPerKwh;
        var total = Money.Ledger((price.PerGpuHour * physicalSlots * (decimal)slot.TotalSeconds / 3600m) + powerCost);
        Total += total;

        var slices = (decimal)book.MigSlicesOf(sku);
        var given = 0m;
        var givenHours = 0.0;
        foreach (var instance in parts.Where(p => p.MigInstanceId.Length > 0))
        {
            // An unknown profile gets no share here: its cost stays with the parent, so nothing is lost.
            var share = (MigShare.SlicesOf(instance.MigProfile) ?? 0) / slices;
            var cost = Money.Ledger(total * share * instance.Slots / physicalSlots);
            var hours = (double)share * instance.Slots * _slotHours;
            given += cost;
            givenHours += hours;
            AddPiece(hour, instance, cost, hours);
        }

        // The parent's remaining slices (all of a GPU not in MIG mode), split over its rows by their slots.
        var rest = total - given;
        var restHours = Math.Max(0, physicalHours - givenHours);
        if (parents.Count == 0)
        {
            Pieces.Add(new GpuCostPiece(hour, null, rest, restHours, double.NaN, priceBookVersion));
            return;
        }

        var costs = Money.Split(rest, [.. parents.Select(p => (decimal)p.Slots)]);
        var totalSlots = parents.Sum(p => p.Slots);
        for (var i = 0; i < parents.Count; i++)
        {
            AddPiece(hour, parents[i], costs[i], restHours * parents[i].Slots / totalSlots);
        }
    }

    private void AddPiece(DateTime hour, GpuHourUsage row, decimal cost, double gpuHours)
    {
        DeploymentKey? deployment = row.Pod.Length > 0 ? new DeploymentKey(row.Namespace, DeploymentKey.NameFromPod(row.Pod)) : null;
        Pieces.Add(new GpuCostPiece(hour, deployment, cost, gpuHours, gpuHours * row.MeanUtilPct / 100, priceBookVersion));
    }
}
