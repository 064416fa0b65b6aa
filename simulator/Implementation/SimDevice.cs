namespace Observability.Simulator.Implementation;

/// <summary>
/// A GPU or one MIG instance of it. Identity is fixed at build time; the public fields are the
/// state dcgm-exporter would report, moved by <see cref="DevicePhysics"/> once per step, plus
/// the ground-truth integrals. Instances share the parent's identity labels and faults.
/// </summary>
internal sealed class SimDevice
{
    public SimDevice(SimNode node, int gpuIndex, string uuid, SimDevice? parent = null, MigProfileSpec? profile = null, int gpuInstanceId = -1)
    {
        Node = node;
        GpuIndex = gpuIndex;
        Uuid = uuid;
        Parent = parent;
        Profile = profile;
        GpuInstanceId = gpuInstanceId;
        FbTotalMiB = profile?.FbTotalMiB ?? node.Spec.FbTotalMiB;
        FbReservedMiB = profile is null ? node.Spec.FbReservedMiB : 0;
    }

    public SimNode Node { get; }

    public int GpuIndex { get; }

    public string Uuid { get; }

    public SimDevice? Parent { get; }

    public MigProfileSpec? Profile { get; }

    public int GpuInstanceId { get; }

    public SimDevice[] Instances { get; set; } = [];

    public SimReplica? Replica { get; set; }

    public SkuSpec Spec => Node.Spec;

    public bool IsMigInstance => Parent is not null;

    public bool IsMigMode => Instances.Length > 0;

    /// <summary>Share of a whole GPU: 1, or the instance's compute slices out of 7.</summary>
    public double GpuWeight => Profile?.GpuFraction ?? 1.0;

    /// <summary>The physical GPU, whose faults, clocks and power this device shares.</summary>
    public SimDevice Gpu => Parent ?? this;

    public string PciBusId => Spec.PciBusId(GpuIndex);

    public bool Missing => Gpu.Fault?.Kind == FaultKind.Disappear;

    // Fault in force on the physical GPU (instances read the parent's).
    public ActiveFault? Fault;

    // Activity accumulated during the current step, copied from the hosting replica.
    public double StepBusySeconds;
    public double StepOccupancySeconds;
    public long StepPromptTokens;
    public long StepGeneratedTokens;

    // Gauges as last reported.
    public double Busy;
    public double Occupancy;
    public double Activity;
    public int SmClockMhz;
    public int MemClockMhz;
    public double GpuTempC;
    public double MemoryTempC;
    public double PowerW;
    public int GpuUtil;
    public int MemCopyUtil;
    public double GrEngineActive;
    public double TensorActive;
    public double DramActive;
    public long PcieTxBytesPerSec;
    public long PcieRxBytesPerSec;
    public int XidCode;
    public long ClockEventReasons;
    public int FbTotalMiB;
    public int FbUsedMiB;
    public int FbReservedMiB;

    // Counters as last reported.
    public double EnergyMj;
    public long PcieReplays;
    public long NvlinkBandwidthTotal;
    public long CorrectableRemappedRows;
    public long UncorrectableRemappedRows;

    // Ground truth since the simulation start.
    public double BusySeconds;
    public double EnergyJoules;

    public int FbFreeMiB => FbTotalMiB - FbReservedMiB - FbUsedMiB;
}
