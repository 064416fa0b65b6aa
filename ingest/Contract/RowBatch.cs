using Observability.Ingest.Model;

namespace Observability.Ingest.Contract;

/// <summary>
/// A set of domain rows written together. A scrape produces one batch; the writer merges batches
/// before they reach the store. Not thread-safe: one producer fills it, then hands it over.
/// </summary>
public sealed class RowBatch
{
    public List<GpuSample> GpuSamples { get; } = [];

    public List<ServingSample> ServingSamples { get; } = [];

    public List<ServingHistogram> ServingHistograms { get; } = [];

    public List<RawSample> RawSamples { get; } = [];

    public List<ScrapeStatus> ScrapeStatuses { get; } = [];

    public List<RequestEvent> RequestEvents { get; } = [];

    /// <summary>
    /// The batch's identity for idempotent writes. When set, a store that already holds a batch with this id writes
    /// nothing again: a replay after a crash between a successful insert and its acknowledgement stores no duplicates.
    /// The writer assigns it when it hands a batch to the store, and a replay reuses it.
    /// </summary>
    public string? BatchId { get; set; }

    /// <summary>
    /// True once a write of this batch has failed (or it comes back from a spool): the failed write may have landed
    /// before its error, so a store must look <see cref="BatchId"/> up. A batch never written before is recorded
    /// without that look-up, which keeps the common path to one ledger insert.
    /// </summary>
    public bool MayBeStored { get; set; }

    /// <summary>Rows in the batch, all tables together: the unit of the writer's size bounds.</summary>
    public int RowCount =>
        GpuSamples.Count + ServingSamples.Count + ServingHistograms.Count + RawSamples.Count + ScrapeStatuses.Count +
        RequestEvents.Count;

    public bool IsEmpty => RowCount == 0;

    public void AddRange(RowBatch other)
    {
        GpuSamples.AddRange(other.GpuSamples);
        ServingSamples.AddRange(other.ServingSamples);
        ServingHistograms.AddRange(other.ServingHistograms);
        RawSamples.AddRange(other.RawSamples);
        ScrapeStatuses.AddRange(other.ScrapeStatuses);
        RequestEvents.AddRange(other.RequestEvents);
    }

    public void Clear()
    {
        GpuSamples.Clear();
        ServingSamples.Clear();
        ServingHistograms.Clear();
        RawSamples.Clear();
        ScrapeStatuses.Clear();
        RequestEvents.Clear();
        BatchId = null;
        MayBeStored = false;
    }
}
