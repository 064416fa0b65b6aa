using Observability.Ingest.Model;

namespace Observability.ClickHouseIngestBench;

/// <summary>
/// Realistic GPU rows: nodes of 8 GPUs scraped every 15 s, identity strings as dcgm-exporter labels them, every
/// default and profiling field filled with plausible values except the ones an H100 without NVLink or vGPU leaves
/// absent, and increases absent on each GPU's first scrape.
/// </summary>
internal static class FleetRows
{
    private static readonly DateTime Start = new(2025, 3, 3, 0, 0, 0, DateTimeKind.Utc);

    public static List<GpuSample> Generate(int rows, int gpus)
    {
        var random = new Random(42);
        var identities = Enumerable.Range(0, gpus).Select(g => new GpuIdentity(
            "prod-a",
            $"gpu-node-{g / 8:D3}",
            (g % 8).ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"GPU-{Guid.NewGuid()}",
            $"00000000:{0x17 + (g % 8):X2}:00.0",
            $"nvidia{g % 8}",
            "NVIDIA H100 80GB HBM3",
            "",
            "",
            "550.54.15",
            g % 3 == 0 ? "inference" : "",
            g % 3 == 0 ? $"vllm-llama-3-70b-{g / 8}" : "",
            g % 3 == 0 ? "vllm" : "")).ToArray();
        var result = new List<GpuSample>(rows);
        for (var i = 0; i < rows; i++)
        {
            var g = i % gpus;
            var scrape = i / gpus;
            var values = GpuSample.NewValues();
            foreach (var field in GpuFieldCatalog.All)
            {
                var absent = field.Field is GpuField.NvlinkBandwidth or GpuField.VgpuLicenseStatus or GpuField.NvlinkTxBytesPerSec or GpuField.NvlinkRxBytesPerSec
                    || (field.Kind == MetricKind.Increase && scrape == 0);
                values[(int)field.Field] = absent ? double.NaN : Value(field.Field, random);
            }

            result.Add(new GpuSample(Start.AddSeconds(scrape * 15), $"10.0.{g / 8 / 250}.{g / 8 % 250}:9400", identities[g], values));
        }

        return result;
    }

    private static double Value(GpuField field, Random random) => field switch
    {
        GpuField.SmClockMhz => 1980,
        GpuField.MemClockMhz => 2619,
        GpuField.GpuTempC or GpuField.MemoryTempC => 30 + random.Next(50),
        GpuField.PowerW => Math.Round(100 + (random.NextDouble() * 600), 3),
        GpuField.GpuUtilPct or GpuField.MemCopyUtilPct => random.Next(101),
        GpuField.FbTotalMiB => 81559,
        GpuField.FbUsedMiB or GpuField.FbFreeMiB => random.Next(81559),
        GpuField.EnergyMj => random.Next(10_000, 12_000),
        >= GpuField.GrEngineActive and <= GpuField.Fp16Active => Math.Round(random.NextDouble(), 6),
        GpuField.PcieTxBytesPerSec or GpuField.PcieRxBytesPerSec => random.Next(1_000_000, 900_000_000),
        _ => random.Next(3),
    };
}
