using Observability.ClickHouseStore;
using Observability.Ingest.Contract;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Contract.Tests.ClickHouse;

/// <summary>A server killed and restarted on the same data: the store fails while it is gone and carries on after.</summary>
public sealed class ServerRestartTests
{
    [Fact]
    public async Task WriteAsync_ServerKilledThenRestarted_FailsWhileDownAndKeepsEveryRowAfter()
    {
        await using var server = await ClickHouseServer.StartNewAsync();
        await using var store = new ClickHouseTelemetryStore(new ClickHouseStoreOptions
        {
            Endpoint = server.HttpEndpoint,
            RequestTimeout = TimeSpan.FromSeconds(10),
        });
        var first = Batch(GpuRow(T0, Gpu()));
        first.BatchId = "before";
        await store.WriteAsync(first, CancellationToken.None);

        await server.StopAsync();
        var down = Batch(GpuRow(T0.AddSeconds(1), Gpu()));
        down.BatchId = "while-down";
        await Assert.ThrowsAnyAsync<Exception>(() => store.WriteAsync(down, CancellationToken.None));
        Assert.False(await server.PingAsync());

        await server.StartAsync();
        down.MayBeStored = true; // its write failed: the writer's retry looks it up
        await store.WriteAsync(down, CancellationToken.None);
        await store.WriteAsync(down, CancellationToken.None);

        Assert.Equal([T0, T0.AddSeconds(1)], (await store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None)).Select(s => s.Timestamp));
    }
}
