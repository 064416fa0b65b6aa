using Observability.Ingest.Model;
using static Observability.Ingest.DuckDb.ColumnDefinition;

namespace Observability.Ingest.DuckDb;

/// <summary>
/// The tables, generated from the identity column lists and the field catalogues: a field appended to a
/// catalogue appears here without editing this file (its migration is the only other step).
/// </summary>
internal static class DuckDbSchema
{
    public const string Ts = "ts";
    public const string Target = "target";
    public const string MigrationsTable = "schema_migrations";

    /// <summary>Identity columns start right after <c>ts</c> and <c>target</c> in the sample and histogram tables.</summary>
    public const int IdentityOrdinal = 2;

    public static readonly TableDefinition GpuSamples = new(
        "gpu_samples",
        [
            new(Ts, TimestampType),
            new(Target, TextType),
            .. GpuIdentityColumns.All.Select(c => new ColumnDefinition(c.Name, TextType)),
            .. GpuFieldCatalog.All.Select(f => new ColumnDefinition(f.Column, DoubleType)),
        ]);

    public static readonly TableDefinition ServingSamples = new(
        "serving_samples",
        [
            new(Ts, TimestampType),
            new(Target, TextType),
            .. ServingIdentityColumns.All.Select(c => new ColumnDefinition(c.Name, TextType)),
            .. ServingFieldCatalog.All.Select(f => new ColumnDefinition(f.Column, DoubleType)),
        ]);

    public static readonly TableDefinition ServingHistograms = new(
        "serving_histograms",
        [
            new(Ts, TimestampType),
            new(Target, TextType),
            .. ServingIdentityColumns.All.Select(c => new ColumnDefinition(c.Name, TextType)),
            new("metric", TextType),
            new("upper_bounds", DoubleListType),
            new("bucket_counts", DoubleListType),
            new("count", DoubleType),
            new("sum", DoubleType),
        ]);

    public static readonly TableDefinition RawSamples = new(
        "raw_samples",
        [
            new(Ts, TimestampType),
            new(Target, TextType),
            new("name", TextType),
            new("labels", TextType),
            new("value", DoubleType),
        ]);

    public static readonly TableDefinition ScrapeStatus = new(
        "scrape_status",
        [
            new(Ts, TimestampType),
            new(Target, TextType),
            new("job", TextType),
            new("up", BooleanType),
            new("duration_seconds", DoubleType),
            new("samples", IntegerType),
            new("error", TextType),
        ]);

    public static readonly TableDefinition RequestEvents = new(
        "request_events",
        [
            new(Ts, TimestampType),
            new("request_id", TextType),
            new("tenant", TextType),
            new("model", TextType),
            new("deployment", TextType),
            new("route", TextType),
            new("operation", TextType),
            new("provider", TextType),
            new("status", TextType),
            new("error_type", TextType),
            new("input_tokens", BigIntType),
            new("output_tokens", BigIntType),
            new("cached_input_tokens", BigIntType),
            new("ttft_seconds", DoubleType),
            new("inter_token_seconds", DoubleType),
            new("e2e_seconds", DoubleType),
            new("queue_seconds", DoubleType),
            new("cluster", TextType),
            new("namespace", TextType),
            new("pod", TextType),
            new("node", TextType),
            new("gpu_uuid", TextType),
        ]);

    /// <summary>Ids of the batches written, committed in the same transaction as their rows: what makes replays idempotent.</summary>
    public static readonly TableDefinition IngestBatches = new(
        "ingest_batches",
        [
            new("batch_id", TextType),
            new("rows", IntegerType),
            new("written_at", TimestampType),
        ]);

    /// <summary>Computed SLO values per evaluation, SLO, group and window: the history behind status and monthly reports.</summary>
    public static readonly TableDefinition SloResults = new(
        "slo_results",
        [
            new(Ts, TimestampType),
            new("slo", TextType),
            new("grp", TextType),
            new("window", TextType),
            new("total", DoubleType),
            new("good", DoubleType),
            new("sli", DoubleType),
            new("burn_rate", DoubleType),
            new("budget_remaining", DoubleType),
        ]);

    /// <summary>Alerts that are pending, firing, or resolved and not yet delivered; one row per alert key.</summary>
    public static readonly TableDefinition AlertStates = new(
        "alert_states",
        [
            new("alert_key", TextType),
            new("state", TextType),
            new("labels", TextType),
            new("annotations", TextType),
            new("active_since", TimestampType),
            new("fired_at", TimestampType),
            new("resolved_at", TimestampType),
            new("last_sent_at", TimestampType),
        ]);

    public static readonly IReadOnlyList<TableDefinition> DataTables =
        [GpuSamples, ServingSamples, ServingHistograms, RawSamples, ScrapeStatus, RequestEvents, IngestBatches, SloResults, AlertStates];

    public static int GpuValuesOrdinal { get; } = IdentityOrdinal + GpuIdentityColumns.All.Count;

    public static int ServingValuesOrdinal { get; } = IdentityOrdinal + ServingIdentityColumns.All.Count;
}
