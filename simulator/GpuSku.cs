namespace Observability.Simulator;

/// <summary>The GPU models a simulated node can carry; each maps to the exact <c>modelName</c> dcgm-exporter reports.</summary>
public enum GpuSku
{
    /// <summary>"NVIDIA H100 80GB HBM3", 700 W SXM5.</summary>
    H100,

    /// <summary>"NVIDIA A100-SXM4-80GB", 400 W; the SKU the simulator partitions into MIG instances.</summary>
    A100,

    /// <summary>"NVIDIA L4", 72 W PCIe, no NVLink.</summary>
    L4,
}
