namespace Observability.Simulator.Implementation;

/// <summary>Physical constants of a GPU SKU, close to what the real boards report, so gauges land in believable ranges.</summary>
internal sealed record SkuSpec(
    GpuSku Sku,
    string ModelName,
    int FbTotalMiB,
    int FbReservedMiB,
    double IdlePowerW,
    double MaxPowerW,
    int IdleSmClockMhz,
    int MaxSmClockMhz,
    int MemClockMhz,
    double IdleTempC,
    double TempPerWatt,
    bool HasNvLink,
    IReadOnlyList<string> PciBusIds)
{
    private static readonly SkuSpec H100 = new(
        GpuSku.H100, "NVIDIA H100 80GB HBM3", 81559, 579, 68, 700, 345, 1980, 2619, 27, 0.06, true,
        ["00000000:53:00.0", "00000000:64:00.0", "00000000:75:00.0", "00000000:86:00.0",
         "00000000:97:00.0", "00000000:A8:00.0", "00000000:B9:00.0", "00000000:CA:00.0"]);

    private static readonly SkuSpec A100 = new(
        GpuSku.A100, "NVIDIA A100-SXM4-80GB", 81920, 453, 55, 400, 210, 1410, 1593, 31, 0.085, true,
        ["00000000:07:00.0", "00000000:0F:00.0", "00000000:47:00.0", "00000000:4E:00.0",
         "00000000:87:00.0", "00000000:90:00.0", "00000000:B7:00.0", "00000000:BD:00.0"]);

    private static readonly SkuSpec L4 = new(
        GpuSku.L4, "NVIDIA L4", 23034, 309, 16, 72, 210, 2040, 6251, 36, 0.45, false,
        ["00000000:01:00.0", "00000000:02:00.0", "00000000:41:00.0", "00000000:61:00.0",
         "00000000:81:00.0", "00000000:A1:00.0", "00000000:C1:00.0", "00000000:E1:00.0"]);

    public static SkuSpec For(GpuSku sku) => sku switch
    {
        GpuSku.H100 => H100,
        GpuSku.A100 => A100,
        GpuSku.L4 => L4,
        _ => throw new ArgumentOutOfRangeException(nameof(sku), sku, "unknown SKU"),
    };

    /// <summary>The bus id of slot <paramref name="index"/>; slots past the table get synthetic but well-formed ids.</summary>
    public string PciBusId(int index) =>
        index < PciBusIds.Count ? PciBusIds[index] : $"00000000:{0xD0 + index:X2}:00.0";
}
