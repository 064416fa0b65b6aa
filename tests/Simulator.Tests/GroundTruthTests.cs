namespace Observability.Simulator.Tests;

public sealed class GroundTruthTests
{
    private const string Llama8b = "meta-llama/Llama-3.1-8B-Instruct";
    private const string Llama3b = "meta-llama/Llama-3.2-3B-Instruct";
    private const string TrtLlm = "llama3-70b-trtllm";

    [Fact]
    public void GetGroundTruth_MidStep_TokensEqualSumOfVllmCountersExactly()
    {
        var fleet = new TestFleet(start: TestFleet.Midnight.AddHours(13));
        fleet.Run(TimeSpan.FromSeconds(2 * 3600 + 17 * 60 + 3.4));
        var samples = fleet.OfKind(TargetKind.Vllm).SelectMany(e => PromText.Parse(fleet.Render(e))).ToList();
        var truth = fleet.Simulator.GetGroundTruth();

        foreach (var model in (string[])[Llama8b, Llama3b])
        {
            Assert.True(truth.PromptTokens(model) > 100_000, "too little traffic to compare");
            Assert.Equal(truth.PromptTokens(model), (long)PromText.Sum(samples, "vllm:prompt_tokens_total", ("model_name", model)));
            Assert.Equal(truth.GenerationTokens(model), (long)PromText.Sum(samples, "vllm:generation_tokens_total", ("model_name", model)));
            Assert.Equal(truth.Requests(model), (long)PromText.Sum(samples, "vllm:request_success_total", ("model_name", model)));
        }
    }

    [Fact]
    public void GetGroundTruth_MidStep_TokensEqualTensorRtLlmHistogramSumsExactly()
    {
        var fleet = new TestFleet(start: TestFleet.Midnight.AddHours(13));
        fleet.Run(TimeSpan.FromSeconds(3600 + 0.6));
        var samples = fleet.OfKind(TargetKind.Triton).SelectMany(e => PromText.Parse(fleet.Render(e))).ToList();
        var truth = fleet.Simulator.GetGroundTruth();

        Assert.True(truth.PromptTokens(TrtLlm) > 100_000, "too little traffic to compare");
        Assert.Equal(truth.PromptTokens(TrtLlm), (long)PromText.Sum(samples, "nv_llm_input_token_len_sum", ("model", TrtLlm)));
        Assert.Equal(truth.GenerationTokens(TrtLlm), (long)PromText.Sum(samples, "nv_llm_output_token_len_sum", ("model", TrtLlm)));
        var finished = PromText.Sum(samples, "nv_inference_request_success") + PromText.Sum(samples, "nv_inference_request_failure");
        Assert.Equal(truth.Requests(TrtLlm), (long)finished);
    }

    [Fact]
    public void GetGroundTruth_GpuSecondsOfTenants_EqualBusyTimeOfTheModelsDevices()
    {
        var fleet = new TestFleet(start: TestFleet.Midnight.AddHours(10));
        fleet.Run(TimeSpan.FromHours(1));
        var truth = fleet.Simulator.GetGroundTruth();

        foreach (var model in (string[])[Llama8b, Llama3b, TrtLlm])
        {
            // A MIG instance counts as its share of compute slices (3g = 3/7 of a GPU).
            var devices = truth.Gpus.Where(g => g.Model == model).ToList();
            var expected = devices.Sum(g => g.BusySeconds * (g.MigProfile is null ? 1.0 : int.Parse(g.MigProfile[..1], System.Globalization.CultureInfo.InvariantCulture) / 7.0));
            Assert.True(expected > 60, $"{model} was barely busy");
            Assert.Equal(expected, truth.GpuSeconds(model), expected * 1e-9);
        }

        Assert.All(truth.Gpus.Where(g => g.Replica is null && g.MigProfile is not null), g => Assert.Equal(0, g.BusySeconds));
    }

    [Fact]
    public void GetGroundTruth_Energy_EqualsIncreaseOfDcgmEnergyCounter()
    {
        var fleet = new TestFleet();
        var before = PromText.Parse(fleet.Render(fleet.Dcgm("gpu-node-0"))).Where(s => s.Name == "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION").ToList();
        fleet.Run(TimeSpan.FromHours(1));
        var after = PromText.Parse(fleet.Render(fleet.Dcgm("gpu-node-0"))).Where(s => s.Name == "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION").ToList();
        var truth = fleet.Simulator.GetGroundTruth();

        for (var gpu = 0; gpu < 4; gpu++)
        {
            var joules = truth.Gpus.Single(g => g.Node == "gpu-node-0" && g.Gpu == gpu && g.MigProfile is null).EnergyJoules;
            Assert.InRange(joules, 3600 * 60, 3600 * 700);
            Assert.Equal(joules, (after[gpu].Value - before[gpu].Value) / 1000, 0.002);
        }
    }

    [Fact]
    public void GetGroundTruth_Tenants_ShareEachModelByTheirWeights()
    {
        var fleet = new TestFleet(start: TestFleet.Midnight.AddHours(12));
        fleet.Run(TimeSpan.FromHours(2));
        var truth = fleet.Simulator.GetGroundTruth();

        // acme 6, globex 3, initech 1 on the 8B model; globex has no weight on the TensorRT-LLM model.
        var total = (double)truth.Requests(Llama8b);
        Assert.Equal(0.6, truth.For("acme", Llama8b).Requests / total, 0.02);
        Assert.Equal(0.3, truth.For("globex", Llama8b).Requests / total, 0.02);
        Assert.Equal(0.1, truth.For("initech", Llama8b).Requests / total, 0.02);
        Assert.Equal(0, truth.For("globex", TrtLlm).Requests);
        Assert.True(truth.For("initech", TrtLlm).GpuSeconds > truth.For("acme", TrtLlm).GpuSeconds);
    }

    [Fact]
    public void GetGroundTruth_TtftP95_FallsInTheBucketTheExportedHistogramsGive()
    {
        var fleet = new TestFleet(start: TestFleet.Midnight.AddHours(12));
        fleet.Run(TimeSpan.FromHours(1));
        var samples = fleet.OfKind(TargetKind.Vllm).SelectMany(e => PromText.Parse(fleet.Render(e))).ToList();
        var p95 = fleet.Simulator.GetGroundTruth().LatencyOf(Llama8b).TimeToFirstToken.Quantile(0.95);

        var buckets = samples.Where(s => s.Name == "vllm:time_to_first_token_seconds_bucket" && s.Label("model_name") == Llama8b)
            .GroupBy(s => s.Label("le")!)
            .Select(g => (Le: g.Key == "+Inf" ? double.PositiveInfinity : double.Parse(g.Key, System.Globalization.CultureInfo.InvariantCulture), Count: g.Sum(s => s.Value)))
            .OrderBy(b => b.Le)
            .ToList();
        var rank = 0.95 * buckets[^1].Count;
        var at = buckets.FindIndex(b => b.Count >= rank);
        var lower = at == 0 ? 0 : buckets[at - 1].Le;

        // Within the fine histogram's 0.5% of either edge.
        Assert.InRange(p95, lower * 0.995, buckets[at].Le * 1.005);
    }

    [Fact]
    public void DrainRequestEvents_AfterTraffic_OneEventPerFinishedRequest()
    {
        var fleet = new TestFleet(new FleetOptions { FaultsPerGpuPerDay = 0, RequestEventCapacity = 1_000_000 });
        fleet.Run(TimeSpan.FromMinutes(20));
        var events = fleet.Simulator.DrainRequestEvents();
        var truth = fleet.Simulator.GetGroundTruth();

        Assert.Equal(truth.Usage.Sum(u => u.Requests), events.Count);
        Assert.Equal(truth.For("acme", Llama8b).Requests, events.Count(e => e is { Tenant: "acme", Model: Llama8b }));
        Assert.Equal(truth.For("globex", Llama3b).FailedRequests, events.Count(e => e is { Tenant: "globex", Model: Llama3b, Status: RequestStatus.Failed }));
        Assert.All(events, e => Assert.True(e.EndToEndSeconds >= (e.TimeToFirstTokenSeconds ?? 0)));
        Assert.Empty(fleet.Simulator.DrainRequestEvents());
        Assert.Equal(0, fleet.Simulator.DroppedRequestEvents);
    }
}
