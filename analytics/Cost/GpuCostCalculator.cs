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
    private readonly decimal _slotSeconds = (decimal)slot.TotalSeconds;
    private readonly int _slotsPerHour = (int)(TimeSpan.FromHours(1) / slot);

    public List<GpuCostPiece> Pieces { get; } = [];

    public List<UnpricedGpuHour> Unpriced { get; } = [];

    /// <summary>Slots in which a GPU seen in an hour reported nothing: telemetry gaps, reported rather than invented.</summary>
    public long GapSlots { get; private set; }

    /// <summary>The fleet's GPU cost: the sum of every piece, exact at ledger precision.</summary>
    public decimal Total { get; private set; }

    /// <summary>
    /// Prices every GPU-hour in <paramref name="rows"/>. The rows of one GPU-hour (its parent row and MIG instances)
    /// must be taken together; the stores return them ordered, so a month is walked once, and rows in any other
    /// order are sorted first.
    /// </summary>
    public void Add(IEnumerable<GpuHourUsage> rows)
    {
        var sorted = rows.ToArray();
        if (!IsGrouped(sorted))
        {
            Array.Sort(sorted, CompareGpu);
        }

        for (var first = 0; first < sorted.Length;)
        {
            var end = first + 1;
            while (end < sorted.Length && CompareGpu(sorted[first], sorted[end]) == 0)
            {
                end++;
            }

            AddGpu(new ArraySegment<GpuHourUsage>(sorted, first, end - first));
            first = end;
        }
    }

    private static bool IsGrouped(GpuHourUsage[] rows)
    {
        for (var i = 1; i < rows.Length; i++)
        {
            if (CompareGpu(rows[i - 1], rows[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    private static int CompareGpu(GpuHourUsage a, GpuHourUsage b)
    {
        var c = a.Hour.CompareTo(b.Hour);
        c = c != 0 ? c : string.CompareOrdinal(a.Cluster, b.Cluster);
        c = c != 0 ? c : string.CompareOrdinal(a.Node, b.Node);
        return c != 0 ? c : string.CompareOrdinal(a.Uuid, b.Uuid);
    }

    private void AddGpu(ArraySegment<GpuHourUsage> parts)
    {
        var head = parts[0];
        var hour = head.Hour;
        var physicalSlots = 0;
        var modelName = string.Empty;
        var parentCount = 0;
        double parentEnergy = 0, allEnergy = 0;
        foreach (var p in parts)
        {
            physicalSlots = Math.Max(physicalSlots, p.Slots);
            modelName = modelName.Length == 0 ? p.ModelName : modelName;
            var energy = double.IsNaN(p.EnergyMillijoules) ? 0 : p.EnergyMillijoules;
            allEnergy += energy;
            if (p.MigInstanceId.Length == 0)
            {
                parentCount++;
                parentEnergy += energy;
            }
        }

        GapSlots += _slotsPerHour - physicalSlots;
        var physicalHours = physicalSlots * _slotHours;
        var sku = book.SkuOf(modelName);
        var price = sku is null ? null : book.GpuPriceAt(sku, head.Cluster, hour);
        if (sku is null || price is null)
        {
            Unpriced.Add(new UnpricedGpuHour(hour, head.Uuid, modelName, physicalHours, sku is null ? "no SKU for modelName" : $"no price for {sku} yet"));
            return;
        }

        // DCGM meters energy on the physical GPU: the parent row when the GPU is in MIG mode.
        var energyMj = parentCount > 0 ? parentEnergy : allEnergy;
        var powerCost = price.PowerPerKwh == 0 ? 0m : (decimal)(energyMj / 3.6e9) * price.PowerPerKwh;
        var total = Money.Ledger((price.PerGpuHour * physicalSlots * _slotSeconds / 3600m) + powerCost);
        Total += total;

        var given = 0m;
        var givenHours = 0.0;
        if (parentCount < parts.Count)
        {
            var slices = (decimal)book.MigSlicesOf(sku);
            foreach (var instance in parts)
            {
                if (instance.MigInstanceId.Length == 0)
                {
                    continue;
                }

                // An unknown profile gets no share here: its cost stays with the parent, so nothing is lost.
                var share = (MigShare.SlicesOf(instance.MigProfile) ?? 0) / slices;
                var cost = Money.Ledger(total * share * instance.Slots / physicalSlots);
                var hours = (double)share * instance.Slots * _slotHours;
                given += cost;
                givenHours += hours;
                AddPiece(hour, instance, cost, hours);
            }
        }

        // The parent's remaining slices (all of a GPU not in MIG mode), split over its rows by their slots.
        var rest = total - given;
        var restHours = Math.Max(0, physicalHours - givenHours);
        if (parentCount == 0)
        {
            Pieces.Add(new GpuCostPiece(hour, null, rest, restHours, double.NaN, priceBookVersion));
            return;
        }

        if (parentCount == 1)
        {
            // One pod on the whole GPU (or on its unassigned slices): the usual case, and a split of one part is the whole.
            AddPiece(hour, parts.First(p => p.MigInstanceId.Length == 0), rest, restHours);
            return;
        }

        var parents = parts.Where(p => p.MigInstanceId.Length == 0).ToList();
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
