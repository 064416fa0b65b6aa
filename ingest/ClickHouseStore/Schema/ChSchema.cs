using Observability.Ingest.DuckDb;
using Observability.Ingest.Model;
using static Observability.ClickHouseStore.Schema.ChColumn;

namespace Observability.ClickHouseStore.Schema;

/// <summary>
/// The tables, generated from the same identity column lists and field catalogues as the DuckDB store, so a field
/// appended to a catalogue appears here without editing this file (its migration line is the only other step).
/// <para>
/// Every data table starts with <c>ts</c> (<c>DateTime('UTC')</c>, whole seconds: 18.16 has no DateTime64) for
/// partitioning and pruning, and <c>ts_us</c> (microseconds since the epoch) for exact round trips and exact
/// half-open range filters. Every data table ends with <c>batch_id</c> and <c>batch_chunk</c>: which write, and
/// which INSERT of it, stored the row (see <c>Writing/BatchInserter</c>).
/// </para>
/// </summary>
internal static class ChSchema
{
    public const string Ts = "ts";
    public const string TsUs = "ts_us";
    public const string Target = "target";
    public const string BatchId = "batch_id";
    public const string BatchChunk = "batch_chunk";
    public const string MigrationsTable = "schema_migrations";
    public const string Monthly = "toYYYYMM(ts)";

    /// <summary>Identity columns start after <c>ts</c>, <c>ts_us</c> and <c>target</c> in the sample and histogram tables.</summary>
    public const int IdentityOrdinal = 3;

    private static readonly ChColumn[] Leading = [new(Ts, DateTimeUtcType), new(TsUs, Int64Type)];
    private static readonly ChColumn[] Trailing = [new(BatchId, TextType), new(BatchChunk, UInt32Type)];

    public static readonly ChTable GpuSamples = new(
        "gpu_samples",
        [
            .. Leading,
            new(Target, TextType),
            .. GpuIdentityColumns.All.Select(c => new ChColumn(c.Name, TextType)),
            .. GpuFieldCatalog.All.Select(f => new ChColumn(f.Column, NullableFloat64Type)),
            .. Trailing,
        ],
        Monthly,
        // Per GPU over time: the dominant query of fleet views and right-sizing.
        $"({GpuIdentityColumns.Uuid}, {GpuIdentityColumns.MigInstanceId}, ts)");

    public static readonly ChTable ServingSamples = new(
        "serving_samples",
        [
            .. Leading,
            new(Target, TextType),
            .. ServingIdentityColumns.All.Select(c => new ChColumn(c.Name, TextType)),
            .. ServingFieldCatalog.All.Select(f => new ChColumn(f.Column, NullableFloat64Type)),
            .. Trailing,
        ],
        Monthly,
        $"({ServingIdentityColumns.Model}, {ServingIdentityColumns.Source}, ts)");

    public static readonly ChTable ServingHistograms = new(
        "serving_histograms",
        [
            .. Leading,
            new(Target, TextType),
            .. ServingIdentityColumns.All.Select(c => new ChColumn(c.Name, TextType)),
            new("metric", TextType),
            new("upper_bounds", Float64ArrayType),
            new("bucket_counts", Float64ArrayType),
            new("count", NullableFloat64Type),
            new("sum", NullableFloat64Type),
            .. Trailing,
        ],
        Monthly,
        $"({ServingIdentityColumns.Model}, metric, ts)");

    public static readonly ChTable RawSamples = new(
        "raw_samples",
        [.. Leading, new(Target, TextType), new("name", TextType), new("labels", TextType), new("value", NullableFloat64Type), .. Trailing],
        Monthly,
        "(name, ts)");

    public static readonly ChTable ScrapeStatus = new(
        "scrape_status",
        [
            .. Leading,
            new(Target, TextType),
            new("job", TextType),
            new("up", UInt8Type),
            new("duration_seconds", NullableFloat64Type),
            new("samples", Int32Type),
            new("error", TextType),
            .. Trailing,
        ],
        Monthly,
        "(target, ts)");

    public static readonly ChTable RequestEvents = new(
        "request_events",
        [
            .. Leading,
            new("request_id", TextType),
            new("tenant", TextType),
            new("model", TextType),
            new("deployment", TextType),
            new("route", TextType),
            new("operation", TextType),
            new("provider", TextType),
            new("status", TextType),
            new("error_type", TextType),
            new("input_tokens", NullableInt64Type),
            new("output_tokens", NullableInt64Type),
            new("cached_input_tokens", NullableInt64Type),
            new("ttft_seconds", NullableFloat64Type),
            new("inter_token_seconds", NullableFloat64Type),
            new("e2e_seconds", NullableFloat64Type),
            new("queue_seconds", NullableFloat64Type),
            new("cluster", TextType),
            new("namespace", TextType),
            new("pod", TextType),
            new("node", TextType),
            new("gpu_uuid", TextType),
            .. Trailing,
        ],
        Monthly,
        // Per tenant and model over time: chargeback and per-tenant SLOs.
        "(tenant, model, ts)");

    /// <summary>
    /// The ledger of batch ids: a <c>started</c> row before a batch's first INSERT and a <c>done</c> row after its
    /// last. Sorted by id, so the check before each write is a primary-key lookup.
    /// </summary>
    public static readonly ChTable IngestBatches = new(
        "ingest_batches",
        [new(BatchId, TextType), new("state", UInt8Type), new("rows", UInt64Type), new("written_at", DateTimeUtcType)],
        "toYYYYMM(written_at)",
        "(batch_id, state)");

    public static readonly ChTable Migrations = new(
        MigrationsTable,
        [new("version", UInt32Type), new("description", TextType), new("applied_at", DateTimeUtcType)],
        string.Empty,
        "version");

    /// <summary>Tables holding rows, in the order a batch writes them.</summary>
    public static readonly IReadOnlyList<ChTable> DataTables =
        [GpuSamples, ServingSamples, ServingHistograms, RawSamples, ScrapeStatus, RequestEvents];

    /// <summary>
    /// Rows of one write go to one shard (the key is the batch id), so each INSERT through a Distributed table lands
    /// whole on one shard and the replay check sees all of a chunk or none of it.
    /// </summary>
    public const string ShardingKey = "cityHash64(batch_id)";
}
