namespace Observability.Simulator;

/// <summary>Ready-made fleets: the small default and the scale the product benchmark scrapes.</summary>
public static class FleetPresets
{
    /// <summary>The defaults of <see cref="FleetOptions"/>: 2 nodes x 4 GPUs, 3 models, 3 tenants.</summary>
    public static FleetOptions Small { get; } = new();

    /// <summary>
    /// 456 nodes x 8 GPUs = 3,648 GPUs (a quarter of the nodes A100 with two MIG GPUs each), about
    /// 100,000 DCGM series per full scrape of every node, and 2,600 serving endpoints.
    /// </summary>
    public static FleetOptions Benchmark100k { get; } = CreateBenchmark();

    private static FleetOptions CreateBenchmark()
    {
        ModelOptions[] models =
        [
            new() { Name = "meta-llama/Llama-3.1-8B-Instruct", Replicas = 1400 },
            new()
            {
                Name = "meta-llama/Llama-3.3-70B-Instruct", Replicas = 200, GpusPerReplica = 4, PeakRequestsPerSecond = 3,
                MeanPromptTokens = 1500, InterTokenLatencySeconds = 0.03, PrefillTokensPerSecond = 12_000, KvCacheTokens = 400_000,
            },
            new()
            {
                Name = "llama3-70b-trtllm", Engine = ServingEngine.Triton, Replicas = 400, GpusPerReplica = 2,
                PeakRequestsPerSecond = 1.2, MeanPromptTokens = 1200, MeanOutputTokens = 250, InterTokenLatencySeconds = 0.028,
                PrefillTokensPerSecond = 9_000, KvCacheTokens = 240_000,
            },
            new()
            {
                Name = "meta-llama/Llama-3.2-3B-Instruct", Replicas = 600, UseMig = true, PeakRequestsPerSecond = 1.5,
                MeanPromptTokens = 500, MeanOutputTokens = 120, InterTokenLatencySeconds = 0.012, KvCacheTokens = 60_000,
            },
        ];
        var tenants = new TenantOptions[20];
        for (var i = 0; i < tenants.Length; i++)
        {
            // Uneven, overlapping shares so that no two tenants look alike.
            var weights = new Dictionary<string, double>();
            for (var m = 0; m < models.Length; m++)
            {
                var w = (i * 7 + m * 3) % 6;
                if (w > 0)
                {
                    weights[models[m].Name] = w;
                }
            }

            tenants[i] = new TenantOptions { Name = $"tenant-{i:D2}", ModelWeights = weights };
        }

        return new FleetOptions
        {
            Cluster = "bench",
            Nodes = 456,
            GpusPerNode = 8,
            NodeSkus = [GpuSku.H100, GpuSku.H100, GpuSku.A100, GpuSku.L4],
            MigGpusPerA100Node = 2,
            Models = models,
            Tenants = tenants,
        };
    }
}
