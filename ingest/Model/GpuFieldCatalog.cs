namespace Observability.Ingest.Model;

/// <summary>Describes a <see cref="GpuField"/>: its store column and the dcgm-exporter series it comes from.</summary>
public sealed record GpuFieldInfo(GpuField Field, string Column, MetricKind Kind, string DcgmName, string? AlternateDcgmName = null);

/// <summary>The single table from which the mapper and every store derive the GPU row's columns.</summary>
public static class GpuFieldCatalog
{
    public static readonly IReadOnlyList<GpuFieldInfo> All =
    [
        new(GpuField.SmClockMhz, "sm_clock_mhz", MetricKind.Gauge, "DCGM_FI_DEV_SM_CLOCK"),
        new(GpuField.MemClockMhz, "mem_clock_mhz", MetricKind.Gauge, "DCGM_FI_DEV_MEM_CLOCK"),
        new(GpuField.MemoryTempC, "memory_temp_c", MetricKind.Gauge, "DCGM_FI_DEV_MEMORY_TEMP"),
        new(GpuField.GpuTempC, "gpu_temp_c", MetricKind.Gauge, "DCGM_FI_DEV_GPU_TEMP"),
        new(GpuField.PowerW, "power_w", MetricKind.Gauge, "DCGM_FI_DEV_POWER_USAGE"),
        new(GpuField.EnergyMj, "energy_mj", MetricKind.Increase, "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION"),
        new(GpuField.PcieReplays, "pcie_replays", MetricKind.Increase, "DCGM_FI_DEV_PCIE_REPLAY_COUNTER"),
        new(GpuField.GpuUtilPct, "gpu_util_pct", MetricKind.Gauge, "DCGM_FI_DEV_GPU_UTIL"),
        new(GpuField.MemCopyUtilPct, "mem_copy_util_pct", MetricKind.Gauge, "DCGM_FI_DEV_MEM_COPY_UTIL"),
        new(GpuField.EncUtilPct, "enc_util_pct", MetricKind.Gauge, "DCGM_FI_DEV_ENC_UTIL"),
        new(GpuField.DecUtilPct, "dec_util_pct", MetricKind.Gauge, "DCGM_FI_DEV_DEC_UTIL"),
        // XID_ERRORS is a gauge holding the last XID seen (0 = none), not a count.
        new(GpuField.XidLastCode, "xid_last_code", MetricKind.Gauge, "DCGM_FI_DEV_XID_ERRORS"),
        new(GpuField.FbFreeMiB, "fb_free_mib", MetricKind.Gauge, "DCGM_FI_DEV_FB_FREE"),
        new(GpuField.FbUsedMiB, "fb_used_mib", MetricKind.Gauge, "DCGM_FI_DEV_FB_USED"),
        new(GpuField.FbReservedMiB, "fb_reserved_mib", MetricKind.Gauge, "DCGM_FI_DEV_FB_RESERVED"),
        new(GpuField.FbTotalMiB, "fb_total_mib", MetricKind.Gauge, "DCGM_FI_DEV_FB_TOTAL"),
        new(GpuField.NvlinkBandwidth, "nvlink_bandwidth", MetricKind.Increase, "DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL"),
        new(GpuField.VgpuLicenseStatus, "vgpu_license_status", MetricKind.Gauge, "DCGM_FI_DEV_VGPU_LICENSE_STATUS"),
        new(GpuField.UncorrectableRemappedRows, "uncorrectable_remapped_rows", MetricKind.Increase, "DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS"),
        new(GpuField.CorrectableRemappedRows, "correctable_remapped_rows", MetricKind.Increase, "DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS"),
        new(GpuField.RowRemapFailure, "row_remap_failure", MetricKind.Gauge, "DCGM_FI_DEV_ROW_REMAP_FAILURE"),
        // A bitmask of clock-event (throttle) reasons; the field was renamed in DCGM 3.3.
        new(GpuField.ClockEventReasons, "clock_event_reasons", MetricKind.Gauge, "DCGM_FI_DEV_CLOCKS_EVENT_REASONS", "DCGM_FI_DEV_CLOCK_THROTTLE_REASONS"),
        new(GpuField.PowerViolationNs, "power_violation_ns", MetricKind.Increase, "DCGM_FI_DEV_POWER_VIOLATION"),
        new(GpuField.ThermalViolationNs, "thermal_violation_ns", MetricKind.Increase, "DCGM_FI_DEV_THERMAL_VIOLATION"),
        new(GpuField.EccSbeVolatile, "ecc_sbe_volatile", MetricKind.Increase, "DCGM_FI_DEV_ECC_SBE_VOL_TOTAL"),
        new(GpuField.EccDbeVolatile, "ecc_dbe_volatile", MetricKind.Increase, "DCGM_FI_DEV_ECC_DBE_VOL_TOTAL"),
        new(GpuField.EccSbeAggregate, "ecc_sbe_aggregate", MetricKind.Increase, "DCGM_FI_DEV_ECC_SBE_AGG_TOTAL"),
        new(GpuField.EccDbeAggregate, "ecc_dbe_aggregate", MetricKind.Increase, "DCGM_FI_DEV_ECC_DBE_AGG_TOTAL"),
        new(GpuField.RetiredPagesSbe, "retired_pages_sbe", MetricKind.Increase, "DCGM_FI_DEV_RETIRED_SBE"),
        new(GpuField.RetiredPagesDbe, "retired_pages_dbe", MetricKind.Increase, "DCGM_FI_DEV_RETIRED_DBE"),
        new(GpuField.NvlinkCrcFlitErrors, "nvlink_crc_flit_errors", MetricKind.Increase, "DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL"),
        new(GpuField.NvlinkCrcDataErrors, "nvlink_crc_data_errors", MetricKind.Increase, "DCGM_FI_DEV_NVLINK_CRC_DATA_ERROR_COUNT_TOTAL"),
        new(GpuField.NvlinkReplayErrors, "nvlink_replay_errors", MetricKind.Increase, "DCGM_FI_DEV_NVLINK_REPLAY_ERROR_COUNT_TOTAL"),
        new(GpuField.NvlinkRecoveryErrors, "nvlink_recovery_errors", MetricKind.Increase, "DCGM_FI_DEV_NVLINK_RECOVERY_ERROR_COUNT_TOTAL"),
        new(GpuField.FanSpeedPct, "fan_speed_pct", MetricKind.Gauge, "DCGM_FI_DEV_FAN_SPEED"),
        new(GpuField.PState, "pstate", MetricKind.Gauge, "DCGM_FI_DEV_PSTATE"),
        new(GpuField.PowerLimitW, "power_limit_w", MetricKind.Gauge, "DCGM_FI_DEV_POWER_MGMT_LIMIT"),
        new(GpuField.GrEngineActive, "gr_engine_active", MetricKind.Gauge, "DCGM_FI_PROF_GR_ENGINE_ACTIVE"),
        new(GpuField.SmActive, "sm_active", MetricKind.Gauge, "DCGM_FI_PROF_SM_ACTIVE"),
        new(GpuField.SmOccupancy, "sm_occupancy", MetricKind.Gauge, "DCGM_FI_PROF_SM_OCCUPANCY"),
        new(GpuField.TensorActive, "tensor_active", MetricKind.Gauge, "DCGM_FI_PROF_PIPE_TENSOR_ACTIVE"),
        new(GpuField.DramActive, "dram_active", MetricKind.Gauge, "DCGM_FI_PROF_DRAM_ACTIVE"),
        new(GpuField.Fp64Active, "fp64_active", MetricKind.Gauge, "DCGM_FI_PROF_PIPE_FP64_ACTIVE"),
        new(GpuField.Fp32Active, "fp32_active", MetricKind.Gauge, "DCGM_FI_PROF_PIPE_FP32_ACTIVE"),
        new(GpuField.Fp16Active, "fp16_active", MetricKind.Gauge, "DCGM_FI_PROF_PIPE_FP16_ACTIVE"),
        // Rates in bytes/s in current CSVs; older CSVs declared them counters, but the value is still the rate DCGM reports.
        new(GpuField.PcieTxBytesPerSec, "pcie_tx_bytes_per_sec", MetricKind.Gauge, "DCGM_FI_PROF_PCIE_TX_BYTES"),
        new(GpuField.PcieRxBytesPerSec, "pcie_rx_bytes_per_sec", MetricKind.Gauge, "DCGM_FI_PROF_PCIE_RX_BYTES"),
        new(GpuField.NvlinkTxBytesPerSec, "nvlink_tx_bytes_per_sec", MetricKind.Gauge, "DCGM_FI_PROF_NVLINK_TX_BYTES"),
        new(GpuField.NvlinkRxBytesPerSec, "nvlink_rx_bytes_per_sec", MetricKind.Gauge, "DCGM_FI_PROF_NVLINK_RX_BYTES"),
    ];

    public static int Count => All.Count;

    public static GpuFieldInfo Get(GpuField field) => All[(int)field];
}
