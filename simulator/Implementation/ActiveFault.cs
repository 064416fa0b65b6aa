namespace Observability.Simulator.Implementation;

/// <summary>A fault in force on a GPU between two simulation times (seconds since start).</summary>
internal sealed record ActiveFault(FaultKind Kind, int XidCode, double Start, double End)
{
    /// <summary>HW_SLOWDOWN (0x08) | SW_THERMAL (0x20): the reasons a thermally throttled GPU reports.</summary>
    public const long ThrottleReasons = 0x08 | 0x20;

    /// <summary>What a throttled GPU's SM clock drops to, as a share of its maximum.</summary>
    public const double ThrottleClockFactor = 0.45;

    /// <summary>Share of requests on an XID-faulted GPU that fail.</summary>
    public const double XidErrorRate = 0.3;
}
