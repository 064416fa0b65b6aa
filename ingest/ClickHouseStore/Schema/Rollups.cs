using Observability.Ingest.DuckDb;
using Observability.Ingest.Model;
using static Observability.ClickHouseStore.Schema.ChColumn;

namespace Observability.ClickHouseStore.Schema;

/// <summary>One hourly rollup: a SummingMergeTree table fed by a materialized view on a data table.</summary>
internal sealed record Rollup(ChTable Table, string ViewName, ChTable Source, string[] Keys, string Select);

/// <summary>
/// Hourly rollups, so a month-long aggregate reads one row per key per hour instead of every scrape. Each keeps sums
/// and counts (never averages), which add up exactly across hours, shards and unmerged parts; every read still
/// groups, since SummingMergeTree merges in the background and leaves unmerged rows for a while.
/// Field columns are generated from the catalogues: <c>{column}_sum</c> (NULLs as 0) and <c>{column}_count</c>
/// (non-NULL values), so "never reported" stays distinguishable from zero.
/// </summary>
internal static class Rollups
{
    public const string Hour = "hour";
    public const string RowCount = "row_count";

    public static string SumColumn(string field) => field + "_sum";

    public static string CountColumn(string field) => field + "_count";

    /// <summary>Per GPU (UUID, MIG instance, node, model name) and hour: the keys of the utilization query.</summary>
    public static readonly Rollup GpuHourly = FieldRollup(
        "gpu_hourly",
        ChSchema.GpuSamples,
        [GpuIdentityColumns.Uuid, GpuIdentityColumns.MigInstanceId, GpuIdentityColumns.Node, GpuIdentityColumns.ModelName],
        GpuFieldCatalog.All.Select(f => f.Column));

    /// <summary>Per model, source and hour: the keys of the model totals query.</summary>
    public static readonly Rollup ServingHourly = FieldRollup(
        "serving_hourly",
        ChSchema.ServingSamples,
        [ServingIdentityColumns.Model, ServingIdentityColumns.Source],
        ServingFieldCatalog.All.Select(f => f.Column));

    /// <summary>Per tenant, model and hour: requests, failures and token sums of the tenant usage query.</summary>
    public static readonly Rollup RequestsHourly = new(
        new ChTable(
            "requests_hourly",
            [
                new(Hour, DateTimeUtcType), new("tenant", TextType), new("model", TextType),
                new("requests", UInt64Type), new("failed", UInt64Type),
                new("input_tokens", Int64Type), new("output_tokens", Int64Type), new("cached_input_tokens", Int64Type),
            ],
            "toYYYYMM(hour)",
            "(tenant, model, hour)",
            "SummingMergeTree"),
        "requests_hourly_mv",
        ChSchema.RequestEvents,
        ["tenant", "model"],
        "SELECT toStartOfHour(ts) AS hour, tenant, model, count() AS requests, countIf(status != 'success') AS failed, " +
        "sum(ifNull(input_tokens, 0)) AS input_tokens, sum(ifNull(output_tokens, 0)) AS output_tokens, " +
        "sum(ifNull(cached_input_tokens, 0)) AS cached_input_tokens FROM {source} GROUP BY hour, tenant, model");

    public static readonly IReadOnlyList<Rollup> All = [GpuHourly, ServingHourly, RequestsHourly];

    private static Rollup FieldRollup(string name, ChTable source, string[] keys, IEnumerable<string> fields)
    {
        var fieldList = fields.ToList();
        var table = new ChTable(
            name,
            [
                new(Hour, DateTimeUtcType),
                .. keys.Select(k => new ChColumn(k, TextType)),
                new(RowCount, UInt64Type),
                .. fieldList.SelectMany(f => new[] { new ChColumn(SumColumn(f), Float64Type), new ChColumn(CountColumn(f), UInt64Type) }),
            ],
            "toYYYYMM(hour)",
            $"({string.Join(", ", keys.Select(ChSql.Ident))}, hour)",
            "SummingMergeTree");
        var keyList = string.Join(", ", keys.Select(ChSql.Ident));
        var aggregates = string.Join(", ", fieldList.Select(f =>
            $"sum(ifNull({ChSql.Ident(f)}, 0)) AS {ChSql.Ident(SumColumn(f))}, count({ChSql.Ident(f)}) AS {ChSql.Ident(CountColumn(f))}"));
        var select = $"SELECT toStartOfHour(ts) AS hour, {keyList}, count() AS {RowCount}, {aggregates} " +
                     $"FROM {{source}} GROUP BY hour, {keyList}";
        return new Rollup(table, name + "_mv", source, keys, select);
    }
}
