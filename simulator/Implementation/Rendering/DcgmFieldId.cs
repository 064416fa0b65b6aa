namespace Observability.Simulator.Implementation.Rendering;

/// <summary>The dcgm-exporter fields the simulator emits.</summary>
internal enum DcgmFieldId
{
    SmClock,
    MemClock,
    MemoryTemp,
    GpuTemp,
    PowerUsage,
    TotalEnergy,
    PcieReplay,
    GpuUtil,
    MemCopyUtil,
    EncUtil,
    DecUtil,
    XidErrors,
    FbFree,
    FbUsed,
    FbReserved,
    NvlinkBandwidthTotal,
    VgpuLicenseStatus,
    UncorrectableRemappedRows,
    CorrectableRemappedRows,
    RowRemapFailure,
    ClocksEventReasons,
    GrEngineActive,
    PipeTensorActive,
    DramActive,
    PcieTxBytes,
    PcieRxBytes,
}
