using System.Collections.Concurrent;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.Ingest.Tests.Support;

/// <summary>
/// Wraps a real store and makes its next <see cref="FailuresLeft"/> writes (or every write while <see cref="Down"/>)
/// throw, as an outage would. Records the (fake) time of every attempt and the size and id of every successful write.
/// </summary>
internal sealed class FlakyStore(ITelemetryStore inner, TimeProvider time) : ITelemetryStore
{
    private int _failuresLeft;
    private int _lostRepliesLeft;

    public int FailuresLeft
    {
        get => Volatile.Read(ref _failuresLeft);
        set => Volatile.Write(ref _failuresLeft, value);
    }

    public ConcurrentQueue<DateTimeOffset> Attempts { get; } = new();

    public ConcurrentQueue<int> WrittenBatchSizes { get; } = new();

    /// <summary>The id of every batch the inner store was asked to write and did not refuse, in order.</summary>
    public ConcurrentQueue<string?> WrittenBatchIds { get; } = new();

    /// <summary>While true, every write throws before reaching the store: an outage of unknown length.</summary>
    public bool Down { get; set; }

    /// <summary>
    /// The next this many writes reach the store and then throw, as when the reply to a committed insert is lost
    /// (a timeout, a dropped connection).
    /// </summary>
    public int LostRepliesLeft
    {
        get => Volatile.Read(ref _lostRepliesLeft);
        set => Volatile.Write(ref _lostRepliesLeft, value);
    }

    public string Name => inner.Name;

    public async Task WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        Attempts.Enqueue(time.GetUtcNow());
        if (Down)
        {
            throw new IOException("simulated store outage");
        }

        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw new IOException("simulated store outage");
        }

        Volatile.Write(ref _failuresLeft, 0);
        await inner.WriteAsync(batch, cancellationToken);
        WrittenBatchSizes.Enqueue(batch.RowCount);
        WrittenBatchIds.Enqueue(batch.BatchId);
        if (Interlocked.Decrement(ref _lostRepliesLeft) >= 0)
        {
            throw new TimeoutException("simulated lost reply after a committed write");
        }

        Volatile.Write(ref _lostRepliesLeft, 0);
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
