namespace Observability.Simulator.Implementation;

/// <summary>
/// Creates each step's requests: a Poisson number per model from its peak rate, the diurnal curve
/// and its noise, each with a tenant, a prompt and an output length, routed at random to one of
/// the model's online replicas (or counted as unserved when none is).
/// </summary>
internal sealed class TrafficGenerator(Rng rng, LoadCurve load, TruthLedger truth)
{
    private const double PromptSpread = 0.8;
    private const double OutputSpread = 0.7;

    // Prefix-cache hits come in whole KV blocks.
    private const int BlockSize = 16;

    private readonly List<SimReplica> online = [];
    private long nextId;

    public void Generate(SimModel model, DateTimeOffset stepStart, double t0, double dt)
    {
        var options = model.Options;
        var noise = load.StepNoise(ref model.NoiseState, dt, rng);
        var rate = options.PeakRequestsPerSecond * options.Replicas * load.Diurnal(stepStart.AddSeconds(dt / 2)) * noise;
        var count = rng.Poisson(rate * dt);
        online.Clear();
        foreach (var replica in model.Replicas)
        {
            if (replica.Online)
            {
                online.Add(replica);
            }
        }

        for (var i = 0; i < count; i++)
        {
            var arrival = t0 + (rng.NextDouble() * dt);
            var tenant = model.PickTenant(rng.NextDouble());
            if (online.Count == 0)
            {
                truth.AddUnserved(tenant, model.Index);
                continue;
            }

            var replica = online[rng.Next(online.Count)];
            replica.Arrivals.Add(Create(options, tenant, arrival));
        }
    }

    private SimRequest Create(ModelOptions options, int tenant, double arrival)
    {
        var maxPrompt = options.MaxModelLength - options.MaxOutputTokens;
        var prompt = (int)Math.Clamp(Math.Round(rng.LogNormal(options.MeanPromptTokens, PromptSpread)), 1, maxPrompt);
        var wanted = (int)Math.Max(1, Math.Round(rng.LogNormal(options.MeanOutputTokens, OutputSpread)));
        var request = new SimRequest
        {
            Id = ++nextId,
            Tenant = tenant,
            Arrival = arrival,
            Prompt = prompt,
            Output = Math.Min(wanted, options.MaxOutputTokens),
            Reason = wanted >= options.MaxOutputTokens ? FinishReason.Length : FinishReason.Stop,
        };

        var hitShare = Math.Clamp(options.PrefixCacheHitRate * (0.5 + rng.NextDouble()), 0, 0.95);
        request.Cached = Math.Min(prompt - 1, BlockSize * (int)(prompt * hitShare / BlockSize));
        if (rng.NextDouble() < options.AbortRate)
        {
            request.Reason = FinishReason.Abort;
            request.Output = 1 + rng.Next(request.Output);
        }

        return request;
    }
}
