using Observability.Collectors.Tests.Support;
using Observability.Ingest.Model;

namespace Observability.Collectors.Tests.Dcgm;

public sealed class DcgmMapperTests
{
    [Fact]
    public void Map_H100KubernetesCapture_OneWideRowPerGpuWithIdentity()
    {
        var batch = new MapperHarness().Scrape(SharedFixtures.Bytes("dcgm-h100-k8s-aicr.prom"));

        Assert.Equal(8, batch.GpuSamples.Count);
        var gpu0 = batch.GpuSamples.Single(s => s.Gpu.GpuIndex == "0");
        Assert.Equal("GPU-c4529c8d-69c4-b61d-e0bc-7b2460096005", gpu0.Gpu.Uuid);
        Assert.Equal("00000000:53:00.0", gpu0.Gpu.PciBusId);
        Assert.Equal("NVIDIA H100 80GB HBM3", gpu0.Gpu.ModelName);
        Assert.Equal("gpu-node-1", gpu0.Gpu.Node);
        Assert.Equal("580.105.08", gpu0.Gpu.DriverVersion);
        Assert.Equal("dynamo-workload", gpu0.Gpu.Namespace);
        Assert.Equal("vllm-agg-0-vllmdecodeworker-s65j5", gpu0.Gpu.Pod);
        Assert.Equal("main", gpu0.Gpu.Container);
        Assert.Equal(30, gpu0[GpuField.GpuTempC]);
        Assert.False(gpu0.Gpu.IsMig);
        var gpu1 = batch.GpuSamples.Single(s => s.Gpu.GpuIndex == "1");
        Assert.Equal("", gpu1.Gpu.Pod);
        Assert.Equal(29, gpu1[GpuField.GpuTempC]);
    }

    [Fact]
    public void Map_EveryCaptureSeries_LandsInItsField()
    {
        var text = SharedFixtures.Text("dcgm-h100-k8s-aicr.prom");
        var batch = new MapperHarness().Scrape(SharedFixtures.Bytes("dcgm-h100-k8s-aicr.prom"));

        // Each distinct DCGM field in the capture must be a non-empty column for some GPU.
        var names = text.Split('\n').Where(l => l.StartsWith("DCGM_FI_", StringComparison.Ordinal)).Select(l => l[..l.IndexOf('{', StringComparison.Ordinal)]).Distinct();
        foreach (var name in names)
        {
            var info = GpuFieldCatalog.All.Single(i => i.DcgmName == name || i.AlternateDcgmName == name);
            if (info.Kind == MetricKind.Gauge)
            {
                Assert.Contains(batch.GpuSamples, s => !double.IsNaN(s[info.Field]));
            }
        }
    }

    [Fact]
    public void Map_MigCapture_RowsPerInstanceWithProfileAndFloats()
    {
        var batch = new MapperHarness().Scrape(SharedFixtures.Bytes("dcgm-mig-a100-cloudnativedocs.prom"));

        Assert.NotEmpty(batch.GpuSamples);
        var text = SharedFixtures.Text("dcgm-mig-a100-cloudnativedocs.prom");
        Assert.Contains("409.692000", text, StringComparison.Ordinal);
        Assert.Contains(batch.GpuSamples, s => s[GpuField.PowerW] == 409.692);
        if (text.Contains("GPU_I_PROFILE", StringComparison.Ordinal))
        {
            var mig = batch.GpuSamples.Where(s => s.Gpu.IsMig).ToList();
            Assert.NotEmpty(mig);
            Assert.All(mig, s => Assert.NotEqual("", s.Gpu.MigProfile));
            Assert.Equal(mig.Count, mig.Select(s => (s.Gpu.Uuid, s.Gpu.MigInstanceId)).Distinct().Count());
        }
    }

    [Fact]
    public void Map_BlankSentinel_IsDroppedNotStored()
    {
        var harness = new MapperHarness(lenient: true);
        var batch = harness.Scrape(SharedFixtures.Bytes("dcgm-readme-quickstart.prom"));

        Assert.True(harness.LastResult.Ok, harness.LastResult.ToString());
        var gpu = Assert.Single(batch.GpuSamples);
        Assert.Equal(139, gpu[GpuField.SmClockMhz]);
        Assert.True(double.IsNaN(gpu[GpuField.MemoryTempC]));
    }

    [Fact]
    public void Map_OldNamespaceLabels_ReadAsKubernetesIdentity()
    {
        const string text = """
            DCGM_FI_DEV_GPU_UTIL{gpu="2",uuid="GPU-x",device="nvidia2",modelName="NVIDIA A100-SXM4-80GB",hostname="n7",container_name="c",pod_namespace="team-a",pod_name="p-1"} 87
            """;
        var gpu = Assert.Single(new MapperHarness().Scrape(text + "\n").GpuSamples);

        Assert.Equal(("GPU-x", "n7", "team-a", "p-1", "c"), (gpu.Gpu.Uuid, gpu.Gpu.Node, gpu.Gpu.Namespace, gpu.Gpu.Pod, gpu.Gpu.Container));
        Assert.Equal(87, gpu[GpuField.GpuUtilPct]);
    }

    [Fact]
    public void Map_CounterAcrossScrapes_IncreaseWithResetDetection()
    {
        var harness = new MapperHarness();
        double Energy(double v) => Assert.Single(harness.Scrape(Line(v)).GpuSamples)[GpuField.EnergyMj];

        Assert.True(double.IsNaN(Energy(1000)));
        Assert.Equal(500, Energy(1500));
        Assert.Equal(0, Energy(1500));
        Assert.Equal(200, Energy(200));
        Assert.Equal(50, Energy(250));

        static string Line(double v) => $"DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{{gpu=\"0\",UUID=\"GPU-a\"}} {v}\n";
    }

    [Fact]
    public void Map_MalformedScrapeBetweenGoodOnes_LeavesNoRowsAndNoCounterState()
    {
        var harness = new MapperHarness();
        harness.Scrape("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{gpu=\"0\",UUID=\"GPU-a\"} 1000\n");

        var bad = harness.Scrape("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{gpu=\"0\",UUID=\"GPU-a\"} 5000\nDCGM_FI_DEV_GPU_UTIL{gpu=\"0\" 3\n");
        var good = harness.Scrape("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{gpu=\"0\",UUID=\"GPU-a\"} 1300\n");

        Assert.True(bad.IsEmpty);
        Assert.Equal(300, Assert.Single(good.GpuSamples)[GpuField.EnergyMj]);
    }

    [Fact]
    public void Map_XidAttributesAndThrottleBitmask_MapToTheSameGpuRow()
    {
        const string text = """
            DCGM_FI_DEV_XID_ERRORS{gpu="0",UUID="GPU-a",device="nvidia0",Hostname="h",err_code="79",err_msg="GPU has fallen off the bus"} 79
            DCGM_FI_DEV_CLOCK_THROTTLE_REASONS{gpu="0",UUID="GPU-a",device="nvidia0",Hostname="h"} 64
            DCGM_FI_DEV_SM_CLOCK{gpu="0",UUID="GPU-a",device="nvidia0",Hostname="h"} 345

            """;
        var gpu = Assert.Single(new MapperHarness().Scrape(text).GpuSamples);

        Assert.Equal(79, gpu[GpuField.XidLastCode]);
        Assert.Equal(64, gpu[GpuField.ClockEventReasons]);
        Assert.Equal(345, gpu[GpuField.SmClockMhz]);
    }

    [Fact]
    public void Map_UnlabeledAndUnknownSeries_KeptRawOnlyWhenConfigured()
    {
        var text = SharedFixtures.CaptureWithFinalNewline("dcgm-datadog-fixture.prom");
        var dropped = new MapperHarness().Scrape(text);
        var kept = new MapperHarness(keepUnmapped: true).Scrape(text);

        Assert.Empty(dropped.RawSamples);
        Assert.NotEmpty(kept.RawSamples);
        Assert.Contains(kept.RawSamples, r => r.Name == "DCGM_FI_DEV_COUNT");
        Assert.Equal(dropped.GpuSamples.Count, kept.GpuSamples.Count);
        Assert.NotEmpty(kept.GpuSamples);
    }
}
