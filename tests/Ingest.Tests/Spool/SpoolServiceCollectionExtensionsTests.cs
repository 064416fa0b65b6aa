using Microsoft.Extensions.DependencyInjection;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Spool;
using Observability.Ingest.Tests.Support;
using Observability.Ingest.Writer;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Ingest.Tests.Spool;

public sealed class SpoolServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddSpool_AfterAStore_WriterWritesThroughTheSpoolingStoreIntoTheStore()
    {
        using var dir = new TempDirectory();
        await using var services = new ServiceCollection()
            .AddDuckDbStore(new DuckDbStoreOptions { DataSource = ":memory:" })
            .AddSpool(new SpoolOptions { Directory = dir.Path })
            .AddBatchingWriter(new BatchingWriterOptions { FlushInterval = TimeSpan.FromHours(1) })
            .BuildServiceProvider();

        await services.GetRequiredService<IRowSink>().WriteAsync(GpuBatch(3, T0), CancellationToken.None);
        await services.GetRequiredService<BatchingWriter>().FlushAsync();

        var store = services.GetRequiredService<ITelemetryStore>();
        Assert.Same(services.GetRequiredService<SpoolingStore>(), store);
        Assert.Equal(3, (await store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None)).Count);
        Assert.True(Directory.Exists(dir.Path));
    }

    [Fact]
    public void AddSpool_NoStoreRegistered_ThrowsSayingWhatIsMissing()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddSpool(new SpoolOptions { Directory = "x" }));

        Assert.Contains(nameof(ITelemetryStore), error.Message, StringComparison.Ordinal);
    }
}
