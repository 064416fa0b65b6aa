using System.Globalization;
using Observability.ClickHouseStore.Schema;
using Observability.ClickHouseStore.Writing;
using Observability.Ingest.Contract;

namespace Observability.ClickHouseStore.Reading;

/// <summary>One additive measure: how it is computed from raw rows and which rollup column holds its hourly sum.</summary>
internal sealed record Measure(string RawExpression, string RollupColumn);

/// <summary>
/// A grouped aggregate answered from an hourly rollup for the whole hours inside the range and from raw rows for
/// the partial hours at its edges. Every measure is a count or a sum, and the rollup holds per-hour counts and sums
/// of the same expressions, so summing the two parts gives the answer the raw rows alone give (for floating-point
/// sums up to the order of additions): no averages are stored, and ratios are formed by the caller.
/// </summary>
internal sealed class RollupQuery(string[] keys, string rawTable, string rollupTable, IReadOnlyList<Measure> measures)
{
    private const long MicrosPerHour = 3_600_000_000;

    /// <summary>Result columns: the keys, then <c>t0</c>, <c>t1</c>… for the measures.</summary>
    public IReadOnlyList<string> Names { get; } = [.. keys, .. measures.Select((_, i) => Total(i))];

    public string Sql(TimeRange range)
    {
        var from = Timestamps.ToMicros(range.From);
        var to = Timestamps.ToMicros(range.To);
        var firstHour = CeilHour(from);
        var lastHour = FloorHour(to);
        var keyList = string.Join(", ", keys.Select(ChSql.Ident));

        string inner;
        if (firstHour < lastHour)
        {
            var edges = $"({RangeFilter.Where(from, firstHour)}) OR ({RangeFilter.Where(lastHour, to)})";
            var rollupWhere = $"hour >= toDateTime({Timestamps.ClampedSeconds(firstHour)}) AND hour < toDateTime({Timestamps.ClampedSeconds(lastHour)})";
            inner = $"{RawPart(keyList, edges)} UNION ALL " +
                    $"SELECT {keyList}, {string.Join(", ", measures.Select((m, i) => $"sum({ChSql.Ident(m.RollupColumn)}) AS {Part(i)}"))} " +
                    $"FROM {rollupTable} WHERE {rollupWhere} GROUP BY {keyList}";
        }
        else
        {
            inner = RawPart(keyList, RangeFilter.Where(from, to));
        }

        return $"SELECT {keyList}, {string.Join(", ", measures.Select((_, i) => $"sum({Part(i)}) AS {Total(i)}"))} " +
               $"FROM ({inner}) GROUP BY {keyList} ORDER BY {keyList}";
    }

    private string RawPart(string keyList, string where) =>
        $"SELECT {keyList}, {string.Join(", ", measures.Select((m, i) => $"{m.RawExpression} AS {Part(i)}"))} " +
        $"FROM {rawTable} WHERE {where} GROUP BY {keyList}";

    private static string Part(int i) => "p" + i.ToString(CultureInfo.InvariantCulture);

    private static string Total(int i) => "t" + i.ToString(CultureInfo.InvariantCulture);

    private static long FloorHour(long micros) => micros - (((micros % MicrosPerHour) + MicrosPerHour) % MicrosPerHour);

    private static long CeilHour(long micros)
    {
        var floor = FloorHour(micros);
        return floor == micros ? floor : floor + MicrosPerHour;
    }
}
