using static Observability.ClickHouseStore.Schema.ChColumn;

namespace Observability.ClickHouseStore.Schema;

/// <summary>The SLO part of the schema: computed SLO values over time, and the alert states.</summary>
internal static class SloTables
{
    /// <summary>One row per evaluation, SLO, group and window; sorted for "one SLO over a month", the report's query.</summary>
    public static readonly ChTable SloResults = new(
        "slo_results",
        [
            new(ChSchema.Ts, DateTimeUtcType),
            new(ChSchema.TsUs, Int64Type),
            new("slo", TextType),
            new("grp", TextType),
            new("window", TextType),
            new("total", Float64Type),
            new("good", Float64Type),
            new("sli", NullableFloat64Type),
            new("burn_rate", NullableFloat64Type),
            new("budget_remaining", NullableFloat64Type),
        ],
        ChSchema.Monthly,
        "(slo, grp, ts)");

    /// <summary>
    /// Every saved version of every alert (append-only: 18.16 has no cheap UPDATE); the newest version of a key is its
    /// state, and a version with <c>deleted = 1</c> removes it. Times are microseconds, −1 when not reached: a NULL
    /// would make <c>argMax</c> skip the row on 18.16 and return an older version's time.
    /// </summary>
    public static readonly ChTable AlertStates = new(
        "alert_states",
        [
            new("alert_key", TextType),
            new("version", UInt64Type),
            new("deleted", UInt8Type),
            new("state", TextType),
            new("labels", TextType),
            new("annotations", TextType),
            new("active_since_us", Int64Type),
            new("fired_at_us", Int64Type),
            new("resolved_at_us", Int64Type),
            new("last_sent_at_us", Int64Type),
        ],
        string.Empty,
        "(alert_key, version)");

    public static IEnumerable<string> Create(MigrationContext context)
    {
        foreach (var statement in context.Topology.Create(SloResults, "rand()"))
        {
            yield return statement;
        }

        // All versions of one alert on one shard.
        foreach (var statement in context.Topology.Create(AlertStates, "cityHash64(alert_key)"))
        {
            yield return statement;
        }
    }
}
