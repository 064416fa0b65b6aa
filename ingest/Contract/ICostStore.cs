namespace Observability.Ingest.Contract;

/// <summary>
/// What cost attribution persists and queries, beside the telemetry contract (which stays untouched because several
/// decorators implement it). The heavy reads are aggregates computed in the store: a month of a large fleet never
/// crosses into .NET as raw rows, only one row per GPU per hour and one per tenant × deployment per hour.
/// </summary>
public interface ICostStore
{
    /// <summary>Stores a price-book document as the next version and returns that version (1, 2, …). Earlier versions are kept.</summary>
    Task<int> AddPriceBookVersionAsync(PriceBookVersion document, CancellationToken cancellationToken);

    /// <summary>Every stored price-book version, oldest first.</summary>
    Task<IReadOnlyList<PriceBookVersion>> ReadPriceBookVersionsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// GPU presence per hour: one row per hour × GPU (or MIG instance) × pod, counting the distinct
    /// <paramref name="slot"/>-long time slots in which the GPU reported at least one sample.
    /// </summary>
    Task<IReadOnlyList<GpuHourUsage>> QueryGpuHoursAsync(TimeRange range, TimeSpan slot, CancellationToken cancellationToken);

    /// <summary>Request totals per hour × namespace × deployment × pod × model × tenant (by request start time).</summary>
    Task<IReadOnlyList<RequestHourUsage>> QueryRequestHoursAsync(TimeRange range, CancellationToken cancellationToken);

    /// <summary>Replaces, in one transaction, every allocation line whose hour lies in <paramref name="range"/> with <paramref name="lines"/>.</summary>
    Task ReplaceAllocationsAsync(TimeRange range, IReadOnlyList<CostAllocationLine> lines, CancellationToken cancellationToken);

    /// <summary>Allocation lines whose hour lies in the range, ordered by hour, line kind, tenant, model, deployment.</summary>
    Task<IReadOnlyList<CostAllocationLine>> ReadAllocationsAsync(TimeRange range, CancellationToken cancellationToken);

    /// <summary>
    /// Freezes a month's chargeback: stores <paramref name="lines"/> (one per day × line) as the month's next revision
    /// (1, 2, …) with who made it and why, atomically, and returns that revision. Earlier revisions are kept.
    /// </summary>
    Task<int> AddChargebackRevisionAsync(ChargebackRevision revision, IReadOnlyList<CostAllocationLine> lines, CancellationToken cancellationToken);

    /// <summary>A month's revisions, oldest first (<c>month</c> is <c>YYYY-MM</c>).</summary>
    Task<IReadOnlyList<ChargebackRevision>> ReadChargebackRevisionsAsync(string month, CancellationToken cancellationToken);

    /// <summary>The frozen lines of one revision, in the order they were stored.</summary>
    Task<IReadOnlyList<CostAllocationLine>> ReadChargebackLinesAsync(string month, int revision, CancellationToken cancellationToken);
}

/// <summary>One frozen version of a month's chargeback: the first export, or a deliberate restatement.</summary>
public sealed record ChargebackRevision(string Month, int Revision, DateTime CreatedAt, string CreatedBy, string Reason, int PriceBookVersion);

/// <summary>One stored price-book document: the operator's file as loaded, with who loaded it and why.</summary>
public sealed record PriceBookVersion(int Version, DateTime LoadedAt, string Sha256, string Source, string LoadedBy, string Reason, string Text);

/// <summary>One GPU (or MIG instance) in one hour, as the store aggregated it from <c>gpu_samples</c>.</summary>
public sealed record GpuHourUsage(
    DateTime Hour,
    string Cluster,
    string Node,
    string Uuid,
    string MigInstanceId,
    string MigProfile,
    string ModelName,
    string Namespace,
    string Pod,
    int Slots,
    double MeanUtilPct,
    double EnergyMillijoules);

/// <summary>One tenant's requests to one deployment pod in one hour.</summary>
public sealed record RequestHourUsage(
    DateTime Hour,
    string Namespace,
    string Deployment,
    string Pod,
    string Model,
    string Tenant,
    long Requests,
    long InputTokens,
    long OutputTokens,
    long CachedInputTokens);

/// <summary>What an allocation line is: a tenant's charge, or one of the lines that keep the invariant whole.</summary>
public enum CostLineKind
{
    /// <summary>A tenant's share of a deployment (or of a pass-through API model).</summary>
    Tenant,

    /// <summary>GPU present without a deployment, or a deployment without requests under the platform idle policy.</summary>
    Idle,

    /// <summary>Cost of work whose tenant is unknown.</summary>
    Unallocated,
}

/// <summary>
/// One line of the allocation ledger: a tenant × model × deployment × hour with its exact (unrounded, 10 decimal
/// places) cost, quantities and efficiency. Idle and unallocated lines use the tenant name of their kind.
/// </summary>
public sealed record CostAllocationLine(
    DateTime Hour,
    CostLineKind Kind,
    string Tenant,
    string Model,
    string Namespace,
    string Deployment,
    decimal Cost,
    double GpuHours,
    long Requests,
    long InputTokens,
    long OutputTokens,
    long CachedInputTokens,
    double MeanUtilPct,
    int PriceBookVersion);
