namespace Observability.Simulator.Implementation.Rendering;

/// <summary>
/// One dcgm-exporter field: its name, help and type as the default CSV declares them, whether it
/// prints as %f, and on which entities it appears. A GPU in MIG mode reports no GPU_UTIL or
/// MEM_COPY_UTIL (NVML returns N/A and the exporter skips blanks); MIG instances report only
/// their own memory, XIDs and profiling ratios, as in the captured MIG output.
/// </summary>
internal sealed class DcgmField(DcgmFieldId id, string name, string type, string help, bool isFloat = false, bool onMigParent = true, bool onMigInstance = false)
{
    public DcgmFieldId Id { get; } = id;

    public byte[] Name { get; } = LabelSet.Bytes(name);

    public byte[] Header { get; } = LabelSet.Header(name, help, type);

    public bool IsFloat { get; } = isFloat;

    public bool OnMigParent { get; } = onMigParent;

    public bool OnMigInstance { get; } = onMigInstance;

    /// <summary>The default counter set, in the order of dcgm-exporter's default-counters.csv.</summary>
    public static IReadOnlyList<DcgmField> Defaults { get; } =
    [
        new(DcgmFieldId.SmClock, "DCGM_FI_DEV_SM_CLOCK", "gauge", "SM clock frequency (in MHz)."),
        new(DcgmFieldId.MemClock, "DCGM_FI_DEV_MEM_CLOCK", "gauge", "Memory clock frequency (in MHz)."),
        new(DcgmFieldId.MemoryTemp, "DCGM_FI_DEV_MEMORY_TEMP", "gauge", "Memory temperature (in C)."),
        new(DcgmFieldId.GpuTemp, "DCGM_FI_DEV_GPU_TEMP", "gauge", "GPU temperature (in C)."),
        new(DcgmFieldId.PowerUsage, "DCGM_FI_DEV_POWER_USAGE", "gauge", "Power draw (in W).", isFloat: true),
        new(DcgmFieldId.TotalEnergy, "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", "counter", "Total energy consumption since boot (in mJ)."),
        new(DcgmFieldId.PcieReplay, "DCGM_FI_DEV_PCIE_REPLAY_COUNTER", "counter", "Total number of PCIe retries."),
        new(DcgmFieldId.GpuUtil, "DCGM_FI_DEV_GPU_UTIL", "gauge", "GPU utilization (in %).", onMigParent: false),
        new(DcgmFieldId.MemCopyUtil, "DCGM_FI_DEV_MEM_COPY_UTIL", "gauge", "Memory utilization (in %).", onMigParent: false),
        new(DcgmFieldId.EncUtil, "DCGM_FI_DEV_ENC_UTIL", "gauge", "Encoder utilization (in %)."),
        new(DcgmFieldId.DecUtil, "DCGM_FI_DEV_DEC_UTIL", "gauge", "Decoder utilization (in %)."),
        new(DcgmFieldId.XidErrors, "DCGM_FI_DEV_XID_ERRORS", "gauge", "Value of the last XID error encountered.", onMigInstance: true),
        new(DcgmFieldId.FbFree, "DCGM_FI_DEV_FB_FREE", "gauge", "Framebuffer memory free (in MiB).", onMigInstance: true),
        new(DcgmFieldId.FbUsed, "DCGM_FI_DEV_FB_USED", "gauge", "Framebuffer memory used (in MiB).", onMigInstance: true),
        new(DcgmFieldId.FbReserved, "DCGM_FI_DEV_FB_RESERVED", "gauge", "Framebuffer memory reserved (in MiB).", onMigInstance: true),
        new(DcgmFieldId.NvlinkBandwidthTotal, "DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL", "counter", "Total number of NVLink bandwidth counters for all lanes."),
        new(DcgmFieldId.VgpuLicenseStatus, "DCGM_FI_DEV_VGPU_LICENSE_STATUS", "gauge", "vGPU License status"),
        new(DcgmFieldId.UncorrectableRemappedRows, "DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS", "counter", "Number of remapped rows for uncorrectable errors"),
        new(DcgmFieldId.CorrectableRemappedRows, "DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS", "counter", "Number of remapped rows for correctable errors"),
        new(DcgmFieldId.RowRemapFailure, "DCGM_FI_DEV_ROW_REMAP_FAILURE", "gauge", "Whether remapping of rows has failed"),
        new(DcgmFieldId.ClocksEventReasons, "DCGM_FI_DEV_CLOCKS_EVENT_REASONS", "gauge", "Current clock event reasons (bitmask of DCGM_CLOCKS_EVENT_REASON_*)."),
        new(DcgmFieldId.GrEngineActive, "DCGM_FI_PROF_GR_ENGINE_ACTIVE", "gauge", "Ratio of time the graphics engine is active.", isFloat: true, onMigInstance: true),
        new(DcgmFieldId.PipeTensorActive, "DCGM_FI_PROF_PIPE_TENSOR_ACTIVE", "gauge", "Ratio of cycles the tensor (HMMA) pipe is active.", isFloat: true, onMigInstance: true),
        new(DcgmFieldId.DramActive, "DCGM_FI_PROF_DRAM_ACTIVE", "gauge", "Ratio of cycles the device memory interface is active sending or receiving data.", isFloat: true, onMigInstance: true),
        new(DcgmFieldId.PcieTxBytes, "DCGM_FI_PROF_PCIE_TX_BYTES", "gauge", "The rate of data transmitted over the PCIe bus - including both protocol headers and data payloads - in bytes per second."),
        new(DcgmFieldId.PcieRxBytes, "DCGM_FI_PROF_PCIE_RX_BYTES", "gauge", "The rate of data received over the PCIe bus - including both protocol headers and data payloads - in bytes per second."),
    ];

    public bool AppliesTo(SimDevice device) =>
        device.IsMigInstance ? OnMigInstance : !device.IsMigMode || OnMigParent;

    public long IntValue(SimDevice d) => Id switch
    {
        DcgmFieldId.SmClock => d.SmClockMhz,
        DcgmFieldId.MemClock => d.MemClockMhz,
        DcgmFieldId.MemoryTemp => (long)Math.Round(d.MemoryTempC),
        DcgmFieldId.GpuTemp => (long)Math.Round(d.GpuTempC),
        DcgmFieldId.TotalEnergy => (long)d.EnergyMj,
        DcgmFieldId.PcieReplay => d.PcieReplays,
        DcgmFieldId.GpuUtil => d.GpuUtil,
        DcgmFieldId.MemCopyUtil => d.MemCopyUtil,
        DcgmFieldId.XidErrors => d.XidCode,
        DcgmFieldId.FbFree => d.FbFreeMiB,
        DcgmFieldId.FbUsed => d.FbUsedMiB,
        DcgmFieldId.FbReserved => d.FbReservedMiB,
        DcgmFieldId.NvlinkBandwidthTotal => d.NvlinkBandwidthTotal,
        DcgmFieldId.UncorrectableRemappedRows => d.UncorrectableRemappedRows,
        DcgmFieldId.CorrectableRemappedRows => d.CorrectableRemappedRows,
        DcgmFieldId.ClocksEventReasons => d.ClockEventReasons,
        DcgmFieldId.PcieTxBytes => d.PcieTxBytesPerSec,
        DcgmFieldId.PcieRxBytes => d.PcieRxBytesPerSec,
        _ => 0, // ENC/DEC (no video work), vGPU licence (bare metal), row-remap failure.
    };

    public double FloatValue(SimDevice d) => Id switch
    {
        DcgmFieldId.PowerUsage => d.PowerW,
        DcgmFieldId.GrEngineActive => d.GrEngineActive,
        DcgmFieldId.PipeTensorActive => d.TensorActive,
        DcgmFieldId.DramActive => d.DramActive,
        _ => 0,
    };
}
