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

    /// <summary>Rows in the batch, all tables together: the unit of the writer's size bounds.</summary>
    public int RowCount =>
        GpuSamples.Count + ServingSamples.Count + ServingHistograms.Count + RawSamples.Count + ScrapeStatuses.Count;

    public bool IsEmpty => RowCount == 0;

    public void AddRange(RowBatch other)
    {
        GpuSamples.AddRange(other.GpuSamples);
        ServingSamples.AddRange(other.ServingSamples);
        ServingHistograms.AddRange(other.ServingHistograms);
        RawSamples.AddRange(other.RawSamples);
        ScrapeStatuses.AddRange(other.ScrapeStatuses);
    }

    public void Clear()
    {
        GpuSamples.Clear();
        ServingSamples.Clear();
        ServingHistograms.Clear();
        RawSamples.Clear();
        ScrapeStatuses.Clear();
    }
}
