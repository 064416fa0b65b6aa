using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.RemoteWrite.Tests.Support;

/// <summary>Everything a store holds, read back through the store contract.</summary>
internal sealed record StoredRows(
    IReadOnlyList<GpuSample> Gpus,
    IReadOnlyList<ServingSample> Serving,
    IReadOnlyList<ServingHistogram> Histograms,
    IReadOnlyList<RawSample> Raw,
    IReadOnlyList<ScrapeStatus> Statuses)
{
    public int Count => Gpus.Count + Serving.Count + Histograms.Count + Raw.Count + Statuses.Count;

    public static async Task<StoredRows> ReadAsync(ITelemetryStore store)
    {
        var all = TimeRange.All;
        var ct = CancellationToken.None;
        return new StoredRows(
            await store.ReadGpuSamplesAsync(all, ct),
            await store.ReadServingSamplesAsync(all, ct),
            await store.ReadServingHistogramsAsync(all, null, ct),
            await store.ReadRawSamplesAsync(all, ct),
            await store.ReadScrapeStatusesAsync(all, ct));
    }
}
