using Observability.ClickHouseStore.Writing;
using Observability.Ingest.Contract;

namespace Observability.ClickHouseStore.Reading;

/// <summary>
/// The half-open range filter every read uses, on microseconds (exact, like DuckDB's TIMESTAMP) plus a
/// whole-second bound on <c>ts</c> that lets ClickHouse skip partitions and granules.
/// </summary>
internal static class RangeFilter
{
    public static string Where(TimeRange range) => Where(Timestamps.ToMicros(range.From), Timestamps.ToMicros(range.To));

    public static string Where(long fromMicros, long toMicros) =>
        $"ts >= toDateTime({Timestamps.ClampedSeconds(fromMicros)}) AND ts <= toDateTime({Timestamps.ClampedSeconds(toMicros)}) " +
        $"AND ts_us >= {fromMicros} AND ts_us < {toMicros}";
}
