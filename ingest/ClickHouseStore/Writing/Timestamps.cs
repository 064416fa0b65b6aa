namespace Observability.ClickHouseStore.Writing;

/// <summary>
/// The contract's timestamps (UTC, microsecond precision like DuckDB's TIMESTAMP) as stored: whole seconds for the
/// <c>DateTime</c> column and microseconds since the epoch for exact round trips and range edges.
/// </summary>
internal static class Timestamps
{
    /// <summary>The last second a ClickHouse <c>DateTime</c> (UInt32 seconds) can hold: 2106-02-07 06:28:15 UTC.</summary>
    public static readonly DateTime Max = DateTime.UnixEpoch.AddSeconds(uint.MaxValue);

    private const long TicksPerMicrosecond = 10;

    /// <summary>Microseconds since the epoch, truncated as DuckDB truncates; local times are converted to UTC first.</summary>
    public static long ToMicros(DateTime t)
    {
        var utc = t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t;
        return FloorDiv(utc.Ticks - DateTime.UnixEpoch.Ticks, TicksPerMicrosecond);
    }

    /// <summary>Checks a row's time fits the <c>DateTime</c> column; returns microseconds since the epoch.</summary>
    public static long ToStoredMicros(DateTime t, string table)
    {
        var micros = ToMicros(t);
        if (micros < 0 || micros / 1_000_000 > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(
                nameof(t),
                t,
                $"a {table} row's timestamp {t:O} is outside what ClickHouse's DateTime holds (1970-01-01 to {Max:O}); nothing of the batch was written");
        }

        return micros;
    }

    public static uint Seconds(long micros) => (uint)(micros / 1_000_000);

    public static DateTime FromMicros(long micros) =>
        new(DateTime.UnixEpoch.Ticks + (micros * TicksPerMicrosecond), DateTimeKind.Utc);

    /// <summary>A range edge as seconds clamped to the DateTime column's span, for partition and index pruning.</summary>
    public static uint ClampedSeconds(long micros) =>
        micros <= 0 ? 0u : (ulong)(micros / 1_000_000) >= uint.MaxValue ? uint.MaxValue : (uint)(micros / 1_000_000);

    public static int Month(long micros)
    {
        var t = FromMicros(micros);
        return (t.Year * 100) + t.Month;
    }

    private static long FloorDiv(long a, long b) => (a / b) - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);
}
