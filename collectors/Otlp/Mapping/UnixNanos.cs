namespace Observability.Collectors.Otlp.Mapping;

/// <summary>OTLP timestamps (nanoseconds since the Unix epoch) checked against what a real item can carry.</summary>
internal static class UnixNanos
{
    /// <summary>2000-01-01T00:00:00Z: anything older is a clock or encoding error, not telemetry.</summary>
    public const ulong Earliest = 946_684_800UL * 1_000_000_000UL;

    public static ulong From(DateTimeOffset time) => (ulong)(time.ToUnixTimeMilliseconds() * 1_000_000L);

    /// <summary>Null when plausible, else why not (for the rejection message).</summary>
    public static string? Check(ulong nanos, ulong latest) =>
        nanos == 0 ? "missing timestamp"
        : nanos < Earliest ? $"timestamp {nanos} ns is before 2000"
        : nanos > latest ? $"timestamp {nanos} ns is in the future"
        : null;

    public static DateTime ToUtc(ulong nanos) => DateTime.UnixEpoch.AddTicks((long)(nanos / 100));
}
