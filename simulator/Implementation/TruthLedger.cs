namespace Observability.Simulator.Implementation;

/// <summary>
/// Accumulates the ground truth alongside the exported counters, in the same simulation step and
/// under the same lock, so a snapshot and a scrape taken together agree exactly.
/// </summary>
internal sealed class TruthLedger
{
    private readonly string[] tenants;
    private readonly SimModel[] models;
    private readonly Cell[] cells;
    private readonly FineHistogram[][] latency;
    private readonly List<FaultRecord> faults = [];

    public TruthLedger(string[] tenants, SimModel[] models)
    {
        this.tenants = tenants;
        this.models = models;
        cells = new Cell[tenants.Length * models.Length];
        latency = [.. models.Select(_ => new[] { new FineHistogram(), new FineHistogram(), new FineHistogram(), new FineHistogram() })];
    }

    public string TenantName(int tenant) => tenants[tenant];

    public void AddGpuSeconds(int tenant, int model, double seconds) => cells[Index(tenant, model)].GpuSeconds += seconds;

    public void AddPromptTokens(int tenant, int model, long tokens) => cells[Index(tenant, model)].PromptTokens += tokens;

    public void AddGenerationTokens(int tenant, int model, long tokens) => cells[Index(tenant, model)].GenerationTokens += tokens;

    public void AddFinished(int tenant, int model, bool failed)
    {
        ref var cell = ref cells[Index(tenant, model)];
        cell.Requests++;
        cell.Failed += failed ? 1 : 0;
    }

    public void AddUnserved(int tenant, int model) => cells[Index(tenant, model)].Unserved++;

    public void ObserveTtft(int model, double seconds) => latency[model][0].Observe(seconds);

    public void ObserveInterToken(int model, double seconds, long tokens) => latency[model][1].Observe(seconds, tokens);

    public void ObserveEndToEnd(int model, double seconds) => latency[model][2].Observe(seconds);

    public void ObserveQueue(int model, double seconds) => latency[model][3].Observe(seconds);

    public void AddFault(FaultRecord record) => faults.Add(record);

    /// <summary>Shortens the record of a fault that a newer one on the same GPU replaced.</summary>
    public void EndFault(string uuid, DateTimeOffset start, DateTimeOffset end)
    {
        var i = faults.FindLastIndex(f => f.Uuid == uuid && f.Start == start);
        if (i >= 0)
        {
            faults[i] = faults[i] with { End = end };
        }
    }

    public GroundTruth Snapshot(DateTimeOffset asOf, IEnumerable<SimDevice> devices)
    {
        var usage = new List<TenantModelTruth>(cells.Length);
        for (var t = 0; t < tenants.Length; t++)
        {
            for (var m = 0; m < models.Length; m++)
            {
                var c = cells[Index(t, m)];
                usage.Add(new TenantModelTruth(tenants[t], models[m].Name, c.Requests, c.Failed, c.Unserved, c.PromptTokens, c.GenerationTokens, c.GpuSeconds));
            }
        }

        var gpus = devices.Select(d => new GpuTruth(
            d.Node.Name, d.GpuIndex, d.Uuid, d.Profile?.Name, d.IsMigInstance ? d.GpuInstanceId : null,
            d.Replica?.Name, d.Replica?.Model.Name, d.BusySeconds, d.EnergyJoules)).ToArray();
        var lat = models.Select(m => new ModelLatencyTruth(
            m.Name, latency[m.Index][0].Snapshot(), latency[m.Index][1].Snapshot(), latency[m.Index][2].Snapshot(), latency[m.Index][3].Snapshot())).ToArray();
        return new GroundTruth(asOf, usage, gpus, lat, [.. faults]);
    }

    private int Index(int tenant, int model) => (tenant * models.Length) + model;

    private struct Cell
    {
        public long Requests;
        public long Failed;
        public long Unserved;
        public long PromptTokens;
        public long GenerationTokens;
        public double GpuSeconds;
    }
}
