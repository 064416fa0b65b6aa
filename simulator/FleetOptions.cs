namespace Observability.Simulator;

/// <summary>
/// Shape of the simulated fleet. Defaults: 2 nodes x 4 GPUs (an H100 node, then an A100 node whose
/// last GPU is split into MIG instances), two vLLM models and one TensorRT-LLM model on Triton,
/// three tenants, a diurnal swing peaking at 15:00 UTC and a few random faults a day.
/// See <see cref="FleetPresets"/> for larger fleets; <see cref="FleetOptionsValidator"/> checks everything at once.
/// </summary>
public sealed record FleetOptions
{
    /// <summary>Cluster name, reported in target labels. Default "sim".</summary>
    public string Cluster { get; init; } = "sim";

    /// <summary>Number of nodes (one dcgm-exporter each). Default 2.</summary>
    public int Nodes { get; init; } = 2;

    /// <summary>GPUs per node. Default 4; at most 16.</summary>
    public int GpusPerNode { get; init; } = 4;

    /// <summary>SKU of node i is <c>NodeSkus[i % Count]</c>. Default H100, A100.</summary>
    public IReadOnlyList<GpuSku> NodeSkus { get; init; } = [GpuSku.H100, GpuSku.A100];

    /// <summary>On every A100 node, this many GPUs (the highest indices) run in MIG mode. Default 1.</summary>
    public int MigGpusPerA100Node { get; init; } = 1;

    /// <summary>MIG instances created on each MIG-mode GPU (A100 80GB profiles, at most 7 slices/80 GB). Default 3g.40gb, 2g.20gb, 1g.10gb, 1g.10gb.</summary>
    public IReadOnlyList<string> MigProfiles { get; init; } = ["3g.40gb", "2g.20gb", "1g.10gb", "1g.10gb"];

    /// <summary>Served models, placed first-fit on GPUs in node order. Default: see <see cref="DefaultModels"/>.</summary>
    public IReadOnlyList<ModelOptions> Models { get; init; } = DefaultModels;

    /// <summary>Tenants and their traffic weights per model. Default: see <see cref="DefaultTenants"/>.</summary>
    public IReadOnlyList<TenantOptions> Tenants { get; init; } = DefaultTenants;

    /// <summary>Depth of the daily load swing: the trough carries (1 - amplitude) of the peak rate. Default 0.8.</summary>
    public double DiurnalAmplitude { get; init; } = 0.8;

    /// <summary>Hour of day (UTC, simulated clock) of peak load. Default 15.</summary>
    public double PeakHourUtc { get; init; } = 15;

    /// <summary>Standard deviation of the slow multiplicative load noise (log scale). Default 0.15.</summary>
    public double NoiseLevel { get; init; } = 0.15;

    /// <summary>Expected random faults per GPU per simulated day. Default 0.25; 0 turns random faults off.</summary>
    public double FaultsPerGpuPerDay { get; init; } = 0.25;

    /// <summary>Duration of a random fault. Default 10 minutes.</summary>
    public TimeSpan FaultDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Faults at fixed offsets from the start, in addition to random ones. Default none.</summary>
    public IReadOnlyList<FaultSpec> ScheduledFaults { get; init; } = [];

    /// <summary>Latency regressions and per-tenant error spikes at fixed offsets from the start. Default none.</summary>
    public IReadOnlyList<IncidentSpec> ScheduledIncidents { get; init; } = [];

    /// <summary>Seed of the one random source; the same seed and the same Advance times give the same output. Default 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Simulation grid: state moves in whole steps, so any scrape sees the state at the last step boundary. Default 1 s.</summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Value of the DCGM_FI_DRIVER_VERSION label. Default "580.105.08".</summary>
    public string DriverVersion { get; init; } = "580.105.08";

    /// <summary>Kubernetes namespace of the serving pods. Default "inference".</summary>
    public string Namespace { get; init; } = "inference";

    /// <summary>The last N vLLM replicas of the fleet expose pre-V1 names (gpu_cache_usage_perc, time_per_output_token_seconds). Default 1.</summary>
    public int LegacyVllmReplicas { get; init; } = 1;

    /// <summary>Per-request events kept for <see cref="FleetSimulator.DrainRequestEvents"/>; older ones are dropped. Default 10,000.</summary>
    public int RequestEventCapacity { get; init; } = 10_000;

    /// <summary>Two vLLM models (an 8B on whole H100s, a 3B on MIG slices whose small batch queues at peak) and a 70B TensorRT-LLM model on Triton, two GPUs per replica.</summary>
    public static IReadOnlyList<ModelOptions> DefaultModels { get; } =
    [
        new() { Name = "meta-llama/Llama-3.1-8B-Instruct", Engine = ServingEngine.Vllm, Replicas = 2 },
        new()
        {
            Name = "meta-llama/Llama-3.2-3B-Instruct", Engine = ServingEngine.Vllm, Replicas = 2, UseMig = true,
            PeakRequestsPerSecond = 1.5, MeanPromptTokens = 500, MeanOutputTokens = 120, InterTokenLatencySeconds = 0.012,
            PrefillTokensPerSecond = 15_000, KvCacheTokens = 60_000, MaxNumSeqs = 8,
        },
        new()
        {
            Name = "llama3-70b-trtllm", Engine = ServingEngine.Triton, TensorRtLlm = true, GpusPerReplica = 2,
            PeakRequestsPerSecond = 1.2, MeanPromptTokens = 1200, MeanOutputTokens = 250, InterTokenLatencySeconds = 0.028,
            PrefillTokensPerSecond = 9_000, KvCacheTokens = 240_000,
        },
    ];

    /// <summary>Three tenants with uneven shares, so per-tenant attribution is not a uniform split.</summary>
    public static IReadOnlyList<TenantOptions> DefaultTenants { get; } =
    [
        new()
        {
            Name = "acme",
            ModelWeights = new Dictionary<string, double>
            {
                ["meta-llama/Llama-3.1-8B-Instruct"] = 6, ["meta-llama/Llama-3.2-3B-Instruct"] = 1, ["llama3-70b-trtllm"] = 2,
            },
        },
        new()
        {
            Name = "globex",
            ModelWeights = new Dictionary<string, double>
            {
                ["meta-llama/Llama-3.1-8B-Instruct"] = 3, ["meta-llama/Llama-3.2-3B-Instruct"] = 5,
            },
        },
        new()
        {
            Name = "initech",
            ModelWeights = new Dictionary<string, double>
            {
                ["meta-llama/Llama-3.1-8B-Instruct"] = 1, ["meta-llama/Llama-3.2-3B-Instruct"] = 1, ["llama3-70b-trtllm"] = 5,
            },
        },
    ];
}
