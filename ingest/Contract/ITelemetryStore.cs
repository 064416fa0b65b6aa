using Observability.Ingest.Model;

namespace Observability.Ingest.Contract;

/// <summary>
/// The store contract the rest of the product uses. Every store (embedded DuckDB, ClickHouse)
/// implements it, and one contract test suite checks they give the same answers on the same data.
/// Implementations are safe for one writer and concurrent readers.
/// </summary>
public interface ITelemetryStore : IAsyncDisposable
{
    /// <summary>A short name for logs and metrics, e.g. <c>duckdb</c>.</summary>
    string Name { get; }

    /// <summary>Creates or migrates the schema. Idempotent and versioned: safe to call at every start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>The schema version the store is at after <see cref="InitializeAsync"/>.</summary>
    Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes every row of the batch, atomically per table. Throws on failure; the writer decides what to retry.
    /// When <see cref="RowBatch.BatchId"/> is set the store records it with the rows; when
    /// <see cref="RowBatch.MayBeStored"/> is also set and the store already holds that batch, nothing is written again.
    /// </summary>
    Task WriteAsync(RowBatch batch, CancellationToken cancellationToken);

    /// <summary>GPU rows in the range, ordered by time then UUID/MIG instance.</summary>
    Task<IReadOnlyList<GpuSample>> ReadGpuSamplesAsync(TimeRange range, CancellationToken cancellationToken);

    /// <summary>Serving rows in the range, ordered by time then target, model and engine.</summary>
    Task<IReadOnlyList<ServingSample>> ReadServingSamplesAsync(TimeRange range, CancellationToken cancellationToken);

    /// <summary>Histogram rows of one metric (or all when null) in the range, ordered by time then target and model.</summary>
    Task<IReadOnlyList<ServingHistogram>> ReadServingHistogramsAsync(TimeRange range, string? metric, CancellationToken cancellationToken);

    /// <summary>Raw (unmapped) samples in the range, ordered by time, target, name and labels.</summary>
    Task<IReadOnlyList<RawSample>> ReadRawSamplesAsync(TimeRange range, CancellationToken cancellationToken);

    /// <summary>Scrape outcomes in the range, ordered by time then target.</summary>
    Task<IReadOnlyList<ScrapeStatus>> ReadScrapeStatusesAsync(TimeRange range, CancellationToken cancellationToken);

    /// <summary>Request events in the range, ordered by time then request id.</summary>
    Task<IReadOnlyList<RequestEvent>> ReadRequestEventsAsync(TimeRange range, CancellationToken cancellationToken);

    /// <summary>
    /// Per-tenant request and token totals computed in the store. One row per tenant and model, ordered by those two.
    /// </summary>
    Task<IReadOnlyList<TenantUsage>> QueryTenantUsageAsync(TimeRange range, CancellationToken cancellationToken);

    /// <summary>
    /// Per-GPU aggregates computed in the store: the query behind fleet overviews. One row per UUID, MIG instance,
    /// node and model name, ordered by those four.
    /// </summary>
    Task<IReadOnlyList<GpuUtilization>> QueryGpuUtilizationAsync(TimeRange range, CancellationToken cancellationToken);

    /// <summary>
    /// Per-model sums of every serving increase field, computed in the store. One row per model and source, ordered
    /// by those two; gauge fields are NaN in <see cref="ModelServingTotals.Sums"/>.
    /// </summary>
    Task<IReadOnlyList<ModelServingTotals>> QueryModelTotalsAsync(TimeRange range, CancellationToken cancellationToken);
}

/// <summary>One GPU (or MIG instance) over a range: rows seen and mean utilization (NaN when never reported).</summary>
public sealed record GpuUtilization(string Uuid, string MigInstanceId, string Node, string ModelName, long Rows, double MeanUtilPct);

/// <summary>One model over a range: the sum of every increase field by <see cref="ServingField"/> (NaN when never reported).</summary>
public sealed record ModelServingTotals(string Model, string Source, double[] Sums)
{
    public double this[ServingField field] => Sums[(int)field];
}

/// <summary>
/// One tenant's use of one model over a range. <see cref="Failed"/> counts every request that did not succeed;
/// token sums treat an unreported count as zero.
/// </summary>
public sealed record TenantUsage(
    string Tenant,
    string Model,
    long Requests,
    long Failed,
    long InputTokens,
    long OutputTokens,
    long CachedInputTokens);
