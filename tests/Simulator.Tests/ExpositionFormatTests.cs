using System.Text.RegularExpressions;

namespace Observability.Simulator.Tests;

public sealed class ExpositionFormatTests
{
    private static readonly string[] DefaultDcgmFields =
    [
        "DCGM_FI_DEV_SM_CLOCK", "DCGM_FI_DEV_MEM_CLOCK", "DCGM_FI_DEV_MEMORY_TEMP", "DCGM_FI_DEV_GPU_TEMP",
        "DCGM_FI_DEV_POWER_USAGE", "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", "DCGM_FI_DEV_PCIE_REPLAY_COUNTER",
        "DCGM_FI_DEV_GPU_UTIL", "DCGM_FI_DEV_MEM_COPY_UTIL", "DCGM_FI_DEV_ENC_UTIL", "DCGM_FI_DEV_DEC_UTIL",
        "DCGM_FI_DEV_XID_ERRORS", "DCGM_FI_DEV_FB_FREE", "DCGM_FI_DEV_FB_USED", "DCGM_FI_DEV_FB_RESERVED",
        "DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL", "DCGM_FI_DEV_VGPU_LICENSE_STATUS", "DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS",
        "DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS", "DCGM_FI_DEV_ROW_REMAP_FAILURE", "DCGM_FI_DEV_CLOCKS_EVENT_REASONS",
        "DCGM_FI_PROF_GR_ENGINE_ACTIVE", "DCGM_FI_PROF_PIPE_TENSOR_ACTIVE", "DCGM_FI_PROF_DRAM_ACTIVE",
        "DCGM_FI_PROF_PCIE_TX_BYTES", "DCGM_FI_PROF_PCIE_RX_BYTES",
    ];

    [Theory]
    [InlineData(TargetKind.Dcgm)]
    [InlineData(TargetKind.Vllm)]
    [InlineData(TargetKind.Triton)]
    public async Task Render_EveryEndpointAfterTraffic_PromtoolParses(TargetKind kind)
    {
        var fleet = new TestFleet();
        fleet.Run(TimeSpan.FromMinutes(30));
        foreach (var endpoint in fleet.OfKind(kind))
        {
            await Promtool.AssertParsesAsync(fleet.Render(endpoint), endpoint.Path);
        }
    }

    [Fact]
    public async Task Promtool_MalformedText_IsRejected()
    {
        // Guards the parse assertions above: a broken page must fail them.
        var (code, output) = await Promtool.CheckMetricsAsync("# TYPE foo counter\nfoo{a=\"b\" 1\n");

        Assert.Equal(1, code);
        Assert.Contains("parsing error", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Dcgm_EveryDefaultFieldHasHelpAndType()
    {
        var fleet = new TestFleet();
        var text = fleet.Render(fleet.Dcgm("gpu-node-0"));

        foreach (var field in DefaultDcgmFields)
        {
            Assert.Contains($"# HELP {field} ", text, StringComparison.Ordinal);
            Assert.Contains($"# TYPE {field} ", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_Dcgm_LabelsInExporterOrder()
    {
        var fleet = new TestFleet();
        var samples = PromText.Parse(fleet.Render(fleet.Dcgm("gpu-node-1")));
        var smClock = samples.Where(s => s.Name == "DCGM_FI_DEV_SM_CLOCK").ToList();
        var xid = samples.Where(s => s.Name == "DCGM_FI_DEV_XID_ERRORS").ToList();

        string[] idle = ["gpu", "UUID", "pci_bus_id", "device", "modelName", "Hostname", "DCGM_FI_DRIVER_VERSION"];
        string[] migWithPod =
        [
            "gpu", "UUID", "pci_bus_id", "device", "modelName", "GPU_I_PROFILE", "GPU_I_ID", "Hostname", "DCGM_FI_DRIVER_VERSION",
            "container", "namespace", "pod", "pod_uid",
        ];
        Assert.Equal(idle, smClock[0].LabelNames);
        Assert.Equal(migWithPod, xid.First(s => s.Label("GPU_I_ID") == "1").LabelNames);
        Assert.Equal("NVIDIA A100-SXM4-80GB", smClock[0].Label("modelName"));
        Assert.Equal("nvidia2", smClock[2].Label("device"));
        Assert.Equal("gpu-node-1", smClock[0].Label("Hostname"));
    }

    [Fact]
    public void Render_Dcgm_PodLabelsOnlyOnGpusRunningAReplica()
    {
        var fleet = new TestFleet();
        var util = PromText.Parse(fleet.Render(fleet.Dcgm("gpu-node-0"))).Where(s => s.Name == "DCGM_FI_DEV_GPU_UTIL").ToList();

        Assert.Equal("llama-3-1-8b-instruct-0", util[0].Label("pod"));
        Assert.Equal("vllm", util[0].Label("container"));
        Assert.Equal("inference", util[0].Label("namespace"));
        Assert.Equal("triton", util[2].Label("container"));
        Assert.Equal(util[2].Label("pod"), util[3].Label("pod"));
        Assert.Null(PromText.Parse(fleet.Render(fleet.Dcgm("gpu-node-1"))).First().Label("pod"));
    }

    [Fact]
    public void Render_Dcgm_PowerAndRatiosUseSixDecimalsOthersIntegers()
    {
        var fleet = new TestFleet();
        fleet.Run(TimeSpan.FromMinutes(5));
        var lines = fleet.Render(fleet.Dcgm("gpu-node-0")).Split('\n').Where(l => l.StartsWith("DCGM_", StringComparison.Ordinal)).ToList();

        var floats = lines.Where(l => l.StartsWith("DCGM_FI_DEV_POWER_USAGE{", StringComparison.Ordinal) || l.StartsWith("DCGM_FI_PROF_", StringComparison.Ordinal) && !l.Contains("_BYTES{", StringComparison.Ordinal)).ToList();
        Assert.Equal(16, floats.Count);
        Assert.All(floats, l => Assert.Matches(new Regex(@"} \d+\.\d{6}$"), l));
        Assert.All(lines.Except(floats), l => Assert.Matches(new Regex(@"} \d+$"), l));
    }

    [Fact]
    public void Render_MigGpu_InstancesReuseParentIdentityAndAddProfileAndId()
    {
        var fleet = new TestFleet();
        var samples = PromText.Parse(fleet.Render(fleet.Dcgm("gpu-node-1")));
        var instances = samples.Where(s => s.Name == "DCGM_FI_PROF_GR_ENGINE_ACTIVE" && s.Label("GPU_I_ID") is not null).ToList();
        var parent = samples.Single(s => s.Name == "DCGM_FI_PROF_GR_ENGINE_ACTIVE" && s.Label("gpu") == "3" && s.Label("GPU_I_ID") is null);

        Assert.Equal(["3g.40gb", "2g.20gb", "1g.10gb", "1g.10gb"], instances.Select(s => s.Label("GPU_I_PROFILE")));
        Assert.Equal(["1", "3", "7", "8"], instances.Select(s => s.Label("GPU_I_ID")));
        Assert.All(instances, s => Assert.Equal(parent.Label("UUID"), s.Label("UUID")));
        Assert.All(instances, s => Assert.Equal("3", s.Label("gpu")));

        // NVML has no utilization for a GPU in MIG mode, so the exporter skips it.
        Assert.DoesNotContain(samples, s => s.Name == "DCGM_FI_DEV_GPU_UTIL" && s.Label("gpu") == "3");
    }

    [Fact]
    public void Render_Vllm_OneReplicaUsesPreV1NamesTheOthersV1()
    {
        var fleet = new TestFleet();
        var pages = fleet.OfKind(TargetKind.Vllm).Select(fleet.Render).ToList();

        var legacy = Assert.Single(pages, p => p.Contains("vllm:gpu_cache_usage_perc{", StringComparison.Ordinal));
        Assert.Contains("vllm:time_per_output_token_seconds_bucket{", legacy, StringComparison.Ordinal);
        Assert.DoesNotContain("engine=", legacy, StringComparison.Ordinal);
        Assert.All(pages.Where(p => p != legacy), p =>
        {
            Assert.Contains("vllm:kv_cache_usage_perc{engine=\"0\",model_name=", p, StringComparison.Ordinal);
            Assert.Contains("vllm:inter_token_latency_seconds_bucket{engine=\"0\",le=\"0.01\",model_name=", p, StringComparison.Ordinal);
            Assert.DoesNotContain("gpu_cache_usage_perc", p, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Render_Vllm_HistogramsUseDefaultBucketsAndPythonFloats()
    {
        var fleet = new TestFleet();
        fleet.Run(TimeSpan.FromMinutes(10));
        var text = fleet.Render(fleet.OfKind(TargetKind.Vllm).First());
        var samples = PromText.Parse(text);

        string[] ttft = ["0.001", "0.005", "0.01", "0.02", "0.04", "0.06", "0.08", "0.1", "0.25", "0.5", "0.75", "1.0", "2.5", "5.0", "7.5", "10.0", "20.0", "40.0", "80.0", "160.0", "640.0", "2560.0", "+Inf"];
        Assert.Equal(ttft, samples.Where(s => s.Name == "vllm:time_to_first_token_seconds_bucket").Select(s => s.Label("le")));
        Assert.Equal(22, samples.Count(s => s.Name == "vllm:e2e_request_latency_seconds_bucket"));
        Assert.Matches(new Regex(@"\nvllm:num_requests_waiting\{engine=""0"",model_name=""[^""]+""\} \d+\.0\n"), text);
        Assert.Matches(new Regex(@"vllm:request_success_total\{engine=""0"",finished_reason=""stop"",model_name=""[^""]+""\} \d"), text);
    }

    [Fact]
    public void Render_Triton_HistogramInPrometheusCppOrder()
    {
        var fleet = new TestFleet();
        fleet.Run(TimeSpan.FromMinutes(10));
        var lines = fleet.Render(fleet.OfKind(TargetKind.Triton).First()).Split('\n')
            .Where(l => l.StartsWith("nv_inference_first_response_histogram_ms", StringComparison.Ordinal)).ToList();

        Assert.StartsWith("nv_inference_first_response_histogram_ms_count{model=\"llama3-70b-trtllm\",version=\"1\"} ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("nv_inference_first_response_histogram_ms_sum{", lines[1], StringComparison.Ordinal);
        Assert.Equal(
            ["le=\"100\"", "le=\"500\"", "le=\"2000\"", "le=\"5000\"", "le=\"+Inf\""],
            lines.Skip(2).Select(l => Regex.Match(l, "le=\"[^\"]+\"").Value));
        Assert.All(lines.Skip(2), l => Assert.Contains(",version=\"1\",le=", l, StringComparison.Ordinal));
    }

    [Fact]
    public void Render_TensorRtLlm_EmitsCustomFamiliesWithCategoryLabels()
    {
        var fleet = new TestFleet();
        var samples = PromText.Parse(fleet.Render(fleet.OfKind(TargetKind.Triton).First()));

        Assert.Equal(["waiting", "context", "scheduled", "max", "active"], samples.Where(s => s.Name == "nv_trt_llm_request_metrics").Select(s => s.Label("request_type")));
        Assert.Equal(3, samples.Count(s => s.Name == "nv_trt_llm_runtime_memory_metrics" && s.Label("memory_type") is not null));
        Assert.Contains(samples, s => s.Name == "nv_trt_llm_kv_cache_block_metrics" && s.Label("kv_cache_block_type") == "fraction");
        Assert.Contains(samples, s => s.Name == "nv_trt_llm_inflight_batcher_metrics" && s.Label("inflight_batcher_specific_metric") == "total_context_tokens");
        Assert.Contains(samples, s => s.Name == "nv_trt_llm_general_metrics" && s.Label("general_type") == "timestamp");
        Assert.Contains(samples, s => s.Name == "nv_trt_llm_disaggregated_serving_metrics");
        Assert.Equal(6, samples.Count(s => s.Name == "nv_llm_input_token_len_bucket" && s.Label("response_metric_type") == "total_input_tokens"));
        Assert.Equal(6, samples.Count(s => s.Name == "nv_llm_output_token_len_bucket" && s.Label("response_metric_type") == "total_output_tokens"));
        Assert.Equal(2, samples.Count(s => s.Name == "nv_gpu_utilization" && s.Label("gpu_uuid")!.StartsWith("GPU-", StringComparison.Ordinal)));
        Assert.Equal(4, samples.Count(s => s.Name == "nv_inference_request_failure"));
    }
}
