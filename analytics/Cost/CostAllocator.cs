using Observability.Ingest.Contract;

namespace Observability.Analytics.Cost;

/// <summary>
/// Steps 3 and 4 of the allocation, hour by hour: each deployment's cost to its tenants by the deployment's share
/// basis, idle hours by the idle policy, shared platform deployments over every tenant, third-party API models at
/// their token price. Every split is exact at ledger precision, so the lines of an hour add up to the hour's fleet
/// cost (GPU pieces plus pass-through) to the last decimal place; <see cref="Total"/> is that sum.
/// </summary>
public sealed class CostAllocator(CostOptions options, PriceBook book, int priceBookVersion, IReadOnlyDictionary<string, GpuTimeCoefficients> coefficients)
{
    private Dictionary<DeploymentKey, List<(string Tenant, string Model, decimal Weight)>> _runUsage = [];

    public List<CostAllocationLine> Lines { get; } = [];

    /// <summary>Everything charged: GPU cost plus pass-through token cost, exact.</summary>
    public decimal Total { get; private set; }

    /// <summary>The part of <see cref="Total"/> charged at token prices, with no GPU behind it.</summary>
    public decimal PassThroughTotal { get; private set; }

    /// <summary>Requests to a deployment without GPU rows that hour and without a token price: they cost nothing and are counted here.</summary>
    public long UncostedRequests { get; private set; }

    public void Allocate(IReadOnlyList<GpuCostPiece> pieces, IReadOnlyList<RequestHourUsage> requests)
    {
        // Idle hours under the proportional policy follow each tenant's use of the deployment over the whole run.
        _runUsage = requests
            .GroupBy(r => DeploymentKey.ForRequest(r.Namespace, r.Deployment, r.Pod))
            .ToDictionary(g => g.Key, g => Weights(g.Key, g).ToList());

        var requestsByHour = requests.ToLookup(r => r.Hour);
        var piecesByHour = pieces.ToLookup(p => p.Hour);
        foreach (var hour in piecesByHour.Select(g => g.Key).Union(requestsByHour.Select(g => g.Key)).Order())
        {
            AllocateHour(hour, [.. piecesByHour[hour]], [.. requestsByHour[hour]]);
        }
    }

    private void AllocateHour(DateTime hour, List<GpuCostPiece> pieces, List<RequestHourUsage> requests)
    {
        var first = Lines.Count;
        var idle = pieces.Where(p => p.Deployment is null).ToList();
        if (idle.Count > 0)
        {
            Add(new(hour, CostLineKind.Idle, TenantNames.Idle, "", "", "", idle.Sum(p => p.Cost), idle.Sum(p => p.GpuHours), 0, 0, 0, 0, Util(idle), priceBookVersion));
        }

        var byDeployment = requests.ToLookup(r => DeploymentKey.ForRequest(r.Namespace, r.Deployment, r.Pod));
        var deployments = pieces.Where(p => p.Deployment is not null).GroupBy(p => p.Deployment!.Value).OrderBy(g => g.Key.ToString(), StringComparer.Ordinal).ToList();
        foreach (var deployment in deployments.Where(d => !options.For(d.Key).Platform))
        {
            AllocateDeployment(hour, deployment.Key, [.. deployment], [.. byDeployment[deployment.Key]]);
        }

        var direct = new List<CostAllocationLine>();
        for (var i = first; i < Lines.Count; i++)
        {
            if (Lines[i].Kind == CostLineKind.Tenant)
            {
                direct.Add(Lines[i]);
            }
        }

        foreach (var deployment in deployments.Where(d => options.For(d.Key).Platform))
        {
            SpreadPlatform(hour, deployment.Key, [.. deployment], direct);
        }

        var costed = deployments.Select(d => d.Key).ToHashSet();
        foreach (var group in byDeployment.Where(g => !costed.Contains(g.Key)))
        {
            PassThrough(hour, group.Key, [.. group]);
        }
    }

    private void AllocateDeployment(DateTime hour, DeploymentKey deployment, List<GpuCostPiece> pieces, List<RequestHourUsage> requests)
    {
        var cost = pieces.Sum(p => p.Cost);
        var gpuHours = pieces.Sum(p => p.GpuHours);
        var util = Util(pieces);
        var shares = Weights(deployment, requests).ToList();
        if (shares.Sum(s => s.Weight) <= 0)
        {
            var policy = options.IdlePolicy;
            var owner = options.For(deployment).Owner;
            if (policy == IdlePolicy.Owner && owner is not null)
            {
                Add(new(hour, CostLineKind.Tenant, owner, "", deployment.Namespace, deployment.Name, cost, gpuHours, 0, 0, 0, 0, util, priceBookVersion));
                return;
            }

            if (policy != IdlePolicy.Proportional || !_runUsage.TryGetValue(deployment, out var usage) || usage.Sum(s => s.Weight) <= 0)
            {
                Add(new(hour, CostLineKind.Idle, TenantNames.Idle, "", deployment.Namespace, deployment.Name, cost, gpuHours, 0, 0, 0, 0, util, priceBookVersion));
                return;
            }

            shares = [.. usage.GroupBy(s => (s.Tenant, s.Model)).Select(g => (g.Key.Tenant, g.Key.Model, g.Sum(s => s.Weight)))];
            requests = [];
        }

        var ordered = shares.OrderBy(s => s.Tenant, StringComparer.Ordinal).ThenBy(s => s.Model, StringComparer.Ordinal).ToList();
        var parts = Money.Split(cost, [.. ordered.Select(s => s.Weight)]);
        var weightSum = (double)ordered.Sum(s => s.Weight);
        var byTenantModel = requests.ToLookup(r => (r.Tenant, r.Model));
        for (var i = 0; i < ordered.Count; i++)
        {
            var (tenant, model, weight) = ordered[i];
            var mine = byTenantModel[(tenant, model)];
            Add(new(
                hour,
                TenantNames.IsUnknown(tenant) ? CostLineKind.Unallocated : CostLineKind.Tenant,
                tenant,
                model,
                deployment.Namespace,
                deployment.Name,
                parts[i],
                gpuHours * ((double)weight / weightSum),
                mine.Sum(r => r.Requests),
                mine.Sum(r => r.InputTokens),
                mine.Sum(r => r.OutputTokens),
                mine.Sum(r => r.CachedInputTokens),
                util,
                priceBookVersion));
        }
    }

    private void SpreadPlatform(DateTime hour, DeploymentKey deployment, List<GpuCostPiece> pieces, List<CostAllocationLine> direct)
    {
        var cost = pieces.Sum(p => p.Cost);
        var gpuHours = pieces.Sum(p => p.GpuHours);
        var tenants = direct.GroupBy(l => l.Tenant, StringComparer.Ordinal)
            .Select(g => (Tenant: g.Key, Weight: options.PlatformSpread == PlatformSpread.Even ? 1m : g.Sum(l => l.Cost)))
            .Where(t => t.Weight > 0)
            .OrderBy(t => t.Tenant, StringComparer.Ordinal)
            .ToList();
        if (tenants.Count == 0)
        {
            Add(new(hour, CostLineKind.Idle, TenantNames.Idle, TenantNames.PlatformModel, deployment.Namespace, deployment.Name, cost, gpuHours, 0, 0, 0, 0, Util(pieces), priceBookVersion));
            return;
        }

        var parts = Money.Split(cost, [.. tenants.Select(t => t.Weight)]);
        var weightSum = tenants.Sum(t => t.Weight);
        for (var i = 0; i < tenants.Count; i++)
        {
            Add(new(hour, CostLineKind.Tenant, tenants[i].Tenant, TenantNames.PlatformModel, deployment.Namespace, deployment.Name, parts[i],
                gpuHours * (double)(tenants[i].Weight / weightSum), 0, 0, 0, 0, Util(pieces), priceBookVersion));
        }
    }

    /// <summary>Third-party API models are charged at cost: their token price, with no GPU behind them.</summary>
    private void PassThrough(DateTime hour, DeploymentKey deployment, List<RequestHourUsage> requests)
    {
        foreach (var r in requests.OrderBy(r => r.Tenant, StringComparer.Ordinal).ThenBy(r => r.Model, StringComparer.Ordinal))
        {
            if (book.TokenPriceAt(r.Model, hour) is not { } price)
            {
                UncostedRequests += r.Requests;
                continue;
            }

            var cost = Money.Ledger(
                (((r.InputTokens - r.CachedInputTokens) * price.InputPerMillion) + (r.CachedInputTokens * price.CachedInputPerMillion) +
                 (r.OutputTokens * price.OutputPerMillion)) / 1_000_000m);
            PassThroughTotal += cost;
            Add(new(hour, TenantNames.IsUnknown(r.Tenant) ? CostLineKind.Unallocated : CostLineKind.Tenant, r.Tenant, r.Model,
                deployment.Namespace, deployment.Name, cost, 0, r.Requests, r.InputTokens, r.OutputTokens, r.CachedInputTokens, double.NaN, priceBookVersion));
        }
    }

    private IEnumerable<(string Tenant, string Model, decimal Weight)> Weights(DeploymentKey deployment, IEnumerable<RequestHourUsage> requests)
    {
        var basis = options.For(deployment).ShareBasis;
        var w = options.TokenWeights;
        var grouped = requests.GroupBy(r => (r.Tenant, r.Model)).ToList();
        var modelsPerTenant = basis != ShareBasis.Even ? null :
            grouped.GroupBy(g => g.Key.Tenant, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var g in grouped)
        {
            long input = g.Sum(r => r.InputTokens), cached = g.Sum(r => r.CachedInputTokens), output = g.Sum(r => r.OutputTokens);
            var uncached = Math.Max(0, input - cached);
            var weight = basis switch
            {
                ShareBasis.Tokens => (uncached * w.Input) + (cached * w.CachedInput) + (output * w.Output),
                ShareBasis.Requests => g.Sum(r => r.Requests),
                ShareBasis.Even => 1m / modelsPerTenant![g.Key.Tenant],
                _ => GpuTime(g.Key.Model, uncached, output),
            };
            yield return (g.Key.Tenant, g.Key.Model, weight);
        }
    }

    private decimal GpuTime(string model, long uncachedInput, long output)
    {
        var c = coefficients.TryGetValue(model, out var fitted) ? fitted : GpuTimeCalibration.Fallback(model, options);
        return (decimal)((c.Prefill * uncachedInput) + (c.Decode * output));
    }

    private void Add(CostAllocationLine line)
    {
        Lines.Add(line);
        Total += line.Cost;
    }

    private static double Util(List<GpuCostPiece> pieces)
    {
        var measured = pieces.Where(p => !double.IsNaN(p.BusyGpuHours)).ToList();
        var hours = measured.Sum(p => p.GpuHours);
        return hours > 0 ? 100 * measured.Sum(p => p.BusyGpuHours) / hours : double.NaN;
    }
}
