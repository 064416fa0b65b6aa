using Microsoft.Extensions.DependencyInjection;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Writer;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Ingest.Tests.Writer;

public sealed class ServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddBatchingWriter_OverDuckDbStore_RowsWrittenToTheSinkReachTheStore()
    {
        await using var services = new ServiceCollection()
            .AddDuckDbStore(new DuckDbStoreOptions { DataSource = ":memory:" })
            .AddBatchingWriter(new BatchingWriterOptions { FlushInterval = TimeSpan.FromHours(1) })
            .BuildServiceProvider();

        var sink = services.GetRequiredService<IRowSink>();
        await sink.WriteAsync(GpuBatch(3, T0), CancellationToken.None);
        await services.GetRequiredService<BatchingWriter>().FlushAsync();

        Assert.Same(services.GetRequiredService<BatchingWriter>(), sink);
        var store = services.GetRequiredService<ITelemetryStore>();
        Assert.IsType<DuckDbTelemetryStore>(store);
        Assert.Equal(3, (await store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task AddBatchingWriter_ProviderDisposed_BufferedRowsFlushedIntoTheFileFirst()
    {
        using var file = new Support.TempDatabase();
        var services = new ServiceCollection()
            .AddDuckDbStore(new DuckDbStoreOptions { DataSource = file.Path })
            .AddBatchingWriter(new BatchingWriterOptions { FlushInterval = TimeSpan.FromHours(1) })
            .BuildServiceProvider();
        Assert.True(services.GetRequiredService<BatchingWriter>().TryEnqueue(GpuBatch(4, T0)));

        await services.DisposeAsync();

        await using var reopened = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = file.Path });
        Assert.Equal(4, (await reopened.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None)).Count);
    }
}
