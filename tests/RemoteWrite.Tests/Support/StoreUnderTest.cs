using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Writer;

namespace Observability.RemoteWrite.Tests.Support;

/// <summary>An in-memory DuckDB store behind a real batching writer: where one path's rows land to be read back.</summary>
internal sealed class StoreUnderTest : IAsyncDisposable
{
    private StoreUnderTest(DuckDbTelemetryStore store, BatchingWriter writer)
    {
        Store = store;
        Writer = writer;
    }

    public DuckDbTelemetryStore Store { get; }

    public BatchingWriter Writer { get; }

    public static async Task<StoreUnderTest> StartAsync(BatchingWriterOptions? options = null)
    {
        var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = ":memory:" }, TimeProvider.System);
        await store.InitializeAsync(CancellationToken.None);
        return new StoreUnderTest(store, new BatchingWriter(store, options ?? new BatchingWriterOptions(), TimeProvider.System));
    }

    public async Task<StoredRows> RowsAsync()
    {
        await Writer.FlushAsync();
        return await StoredRows.ReadAsync(Store);
    }

    public async Task WriteAsync(RowBatch batch) => await Writer.EnqueueAsync(batch, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        await Store.DisposeAsync();
    }
}
