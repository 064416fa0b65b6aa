namespace Observability.Simulator;

/// <summary>The GPU faults the simulator can inject, each with the signature a real fleet shows in dcgm-exporter output.</summary>
public enum FaultKind
{
    /// <summary>DCGM_FI_DEV_XID_ERRORS holds the XID for the fault's duration; some requests on the GPU fail.</summary>
    Xid,

    /// <summary>Thermal/slowdown clock event reasons are set, the SM clock drops and the replica slows down.</summary>
    Throttle,

    /// <summary>The GPU drops out of the exporter output (as after XID 79) and its replica stops taking traffic.</summary>
    Disappear,
}
