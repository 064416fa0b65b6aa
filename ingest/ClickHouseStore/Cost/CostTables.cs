using Observability.ClickHouseStore.Schema;
using static Observability.ClickHouseStore.Schema.ChColumn;

namespace Observability.ClickHouseStore.Cost;

/// <summary>
/// Cost attribution's tables. ClickHouse has no transactions, so a write becomes visible through a small commit row
/// written last: an allocation run's lines count once its <c>cost_allocation_runs</c> row exists (and the newest run
/// covering an hour wins), a chargeback revision once its <c>chargeback_revisions</c> row exists. Money is stored as
/// <c>Int64</c> in units of 10⁻¹⁰ dollars: exact, and the same scale as the DuckDB ledger's DECIMAL(38,10).
/// </summary>
internal static class CostTables
{
    private static readonly ChColumn[] LineColumns =
    [
        new("hour", DateTimeUtcType), new("kind", TextType), new("tenant", TextType), new("model", TextType), new("namespace", TextType),
        new("deployment", TextType), new("cost_e10", Int64Type), new("gpu_hours", Float64Type), new("requests", Int64Type),
        new("input_tokens", Int64Type), new("output_tokens", Int64Type), new("cached_input_tokens", Int64Type),
        new("mean_util_pct", NullableFloat64Type), new("price_book_version", Int32Type),
    ];

    public static readonly ChTable PriceBooks = new(
        "price_book_versions",
        [new("version", Int32Type), new("loaded_at", DateTimeUtcType), new("sha256", TextType), new("source", TextType),
         new("loaded_by", TextType), new("reason", TextType), new("text", TextType)],
        string.Empty,
        "version");

    public static readonly ChTable Allocations = new("cost_allocations", [new("run", UInt64Type), .. LineColumns], "toYYYYMM(hour)", "(hour, run)");

    public static readonly ChTable Runs = new(
        "cost_allocation_runs", [new("run", UInt64Type), new("from_hour", DateTimeUtcType), new("to_hour", DateTimeUtcType)], string.Empty, "run");

    public static readonly ChTable Revisions = new(
        "chargeback_revisions",
        [new("month", TextType), new("revision", Int32Type), new("created_at", DateTimeUtcType), new("created_by", TextType),
         new("reason", TextType), new("price_book_version", Int32Type)],
        string.Empty,
        "(month, revision)");

    public static readonly ChTable FrozenLines = new(
        "chargeback_lines", [new("month", TextType), new("revision", Int32Type), new("seq", Int32Type), .. LineColumns], string.Empty, "(month, revision, seq)");

    public static readonly IReadOnlyList<ChTable> All = [PriceBooks, Allocations, Runs, Revisions, FrozenLines];

    /// <summary>The select list of a ledger line, in the order <see cref="ChCostQueries"/> reads it.</summary>
    public const string LineSelect =
        "toInt64(toUnixTimestamp(hour)) AS hour_s, kind, tenant, model, namespace, deployment, cost_e10, gpu_hours, requests, " +
        "input_tokens, output_tokens, cached_input_tokens, mean_util_pct, toInt64(price_book_version) AS book";

    public static readonly string[] LineNames =
        ["hour_s", "kind", "tenant", "model", "namespace", "deployment", "cost_e10", "gpu_hours", "requests", "input_tokens", "output_tokens", "cached_input_tokens", "mean_util_pct", "book"];

    public static IEnumerable<string> Create(MigrationContext context) =>
        All.SelectMany(table => context.Topology.Create(table, "rand()"));
}
