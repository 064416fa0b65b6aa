using System.Collections.Concurrent;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.Ingest.Tests.Support;

/// <summary>
/// Wraps a real store and makes its next <see cref="FailuresLeft"/> writes throw, as an outage would. Records the
/// (fake) time of every attempt and the size of every successful write.
/// </summary>
internal sealed class FlakyStore(ITelemetryStore inner, TimeProvider time) : ITelemetryStore
{
    private int _failuresLeft;

    public int FailuresLeft
    {
        get => Volatile.Read(ref _failuresLeft);
        set => Volatile.Write(ref _failuresLeft, value);
    }

    public ConcurrentQueue<DateTimeOffset> Attempts { get; } = new();

    public ConcurrentQueue<int> WrittenBatchSizes { get; } = new();

    public string Name => inner.Name;

    public async Task WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        Attempts.Enqueue(time.GetUtcNow());
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw new IOException("simulated store outage");
        }

        Volatile.Write(ref _failuresLeft, 0);
        await inner.WriteAsync(batch, cancellationToken);
        WrittenBatchSizes.Enqueue(batch.RowCount);
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken) => inner.GetSchemaVersionAsync(cancellationToken);

    public Task<IReadOnlyList<GpuSample>> ReadGpuSamplesAsync(TimeRange range, CancellationToken cancellationToken) =>
        inner.ReadGpuSamplesAsync(range, cancellationToken);

    public Task<IReadOnlyList<ServingSample>> ReadServingSamplesAsync(TimeRange range, CancellationToken cancellationToken) =>
        inner.ReadServingSamplesAsync(range, cancellationToken);

    public Task<IReadOnlyList<ServingHistogram>> ReadServingHistogramsAsync(TimeRange range, string? metric, CancellationToken cancellationToken) =>
        inner.ReadServingHistogramsAsync(range, metric, cancellationToken);

    public Task<IReadOnlyList<RawSample>> ReadRawSamplesAsync(TimeRange range, CancellationToken cancellationToken) =>
        inner.ReadRawSamplesAsync(range, cancellationToken);

    public Task<IReadOnlyList<ScrapeStatus>> ReadScrapeStatusesAsync(TimeRange range, CancellationToken cancellationToken) =>
        inner.ReadScrapeStatusesAsync(range, cancellationToken);

    public Task<IReadOnlyList<RequestEvent>> ReadRequestEventsAsync(TimeRange range, CancellationToken cancellationToken) =>
        inner.ReadRequestEventsAsync(range, cancellationToken);

    public Task<IReadOnlyList<TenantUsage>> QueryTenantUsageAsync(TimeRange range, CancellationToken cancellationToken) =>
        inner.QueryTenantUsageAsync(range, cancellationToken);

    public Task<IReadOnlyList<GpuUtilization>> QueryGpuUtilizationAsync(TimeRange range, CancellationToken cancellationToken) =>
        inner.QueryGpuUtilizationAsync(range, cancellationToken);

    public Task<IReadOnlyList<ModelServingTotals>> QueryModelTotalsAsync(TimeRange range, CancellationToken cancellationToken) =>
        inner.QueryModelTotalsAsync(range, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
