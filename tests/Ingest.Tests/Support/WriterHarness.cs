using Microsoft.Extensions.Time.Testing;
using Observability.Ingest.Contract;
using Observability.Ingest.Writer;

namespace Observability.Ingest.Tests.Support;

/// <summary>A writer over a real in-memory DuckDB store (behind <see cref="FlakyStore"/>), on fake time, with its meters probed.</summary>
internal sealed class WriterHarness : IAsyncDisposable
{
    public WriterHarness(BatchingWriterOptions options, int storeFailures = 0)
    {
        Store = new FlakyStore(StoreSql.InMemory(), Time) { FailuresLeft = storeFailures };
        Writer = new BatchingWriter(Store, options, Time, logger: null, meterFactory: Meters);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero));

    public MeterProbe Meters { get; } = new();

    public FlakyStore Store { get; }

    public BatchingWriter Writer { get; }

    public int RowsWritten => Store.WrittenBatchSizes.Sum();

    public async Task<int> StoredGpuRowsAsync() =>
        (await Store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None)).Count;

    public async ValueTask DisposeAsync()
    {
        if (Store.FailuresLeft > 0)
        {
            // A dispose against a failing store waits out its retries on fake time.
            var dispose = Writer.DisposeAsync().AsTask();
            await Eventually.WaitAsync(() => dispose.IsCompleted, "the writer to stop", Time);
            await dispose;
        }
        else
        {
            await Writer.DisposeAsync();
        }

        await Store.DisposeAsync();
        Meters.Dispose();
    }
}
