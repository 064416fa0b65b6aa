using Observability.Ingest.Contract;
using Observability.Ingest.Model;
using Observability.Ingest.Tests.Support;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Ingest.Tests.DuckDb;

public sealed class DuckDbRequestEventTests
{
    private static RequestEvent Request(DateTime ts, string id, string tenant, string model, RequestStatus status, long? input, long? output) => new()
    {
        Timestamp = ts,
        RequestId = id,
        Tenant = tenant,
        Model = model,
        Status = status,
        InputTokens = input,
        OutputTokens = output,
    };

    [Fact]
    public async Task WriteAsync_RequestEventsWithEveryField_ReadBackEqualAndOrderedByTimeThenId()
    {
        await using var store = StoreSql.InMemory();
        var full = new RequestEvent
        {
            Timestamp = T0.AddTicks(1234560),
            RequestId = "trace-span-" + Hostile,
            Tenant = "tenant-" + Hostile,
            Model = "model-" + Unicode,
            Deployment = "dep",
            Route = "/v1/chat/completions",
            Operation = "chat",
            Provider = "vllm",
            Status = RequestStatus.Timeout,
            ErrorType = "deadline",
            InputTokens = 1200,
            OutputTokens = 0,
            CachedInputTokens = 512,
            TtftSeconds = 0.25,
            InterTokenSeconds = 0.02,
            E2eSeconds = 30,
            QueueSeconds = 0.001,
            Cluster = "c1",
            Namespace = "ns",
            Pod = "pod-1",
            Node = "node-a",
            GpuUuid = "GPU-1",
        };
        var sparse = Request(T0, "b", RequestEvent.UnknownTenant, "m", RequestStatus.Rejected, null, null);
        var sameTime = Request(T0, "a", "t", "m", RequestStatus.Success, 1, 2);
        var batch = new RowBatch();
        batch.RequestEvents.AddRange([full, sparse, sameTime]);

        await store.WriteAsync(batch, CancellationToken.None);
        var read = await store.ReadRequestEventsAsync(TimeRange.All, CancellationToken.None);

        Assert.Equal([sameTime, sparse, full], read);
        Assert.Null(read[1].InputTokens);
        Assert.True(double.IsNaN(read[1].TtftSeconds));
    }

    [Fact]
    public async Task QueryTenantUsageAsync_MixedOutcomes_CountsFailuresAndSumsReportedTokens()
    {
        await using var store = StoreSql.InMemory();
        var batch = new RowBatch();
        batch.RequestEvents.AddRange(
        [
            Request(T0, "1", "acme", "llama", RequestStatus.Success, 100, 10),
            Request(T0, "2", "acme", "llama", RequestStatus.Error, 50, null),
            Request(T0, "3", "acme", "qwen", RequestStatus.Success, 7, 3),
            Request(T0, "4", "beta", "llama", RequestStatus.Timeout, null, null),
            Request(T0.AddHours(1), "5", "acme", "llama", RequestStatus.Success, 1000, 1000),
        ]);
        await store.WriteAsync(batch, CancellationToken.None);

        var usage = await store.QueryTenantUsageAsync(new TimeRange(T0, T0.AddHours(1)), CancellationToken.None);

        Assert.Equal(
            [
                new TenantUsage("acme", "llama", 2, 1, 150, 10, 0),
                new TenantUsage("acme", "qwen", 1, 0, 7, 3, 0),
                new TenantUsage("beta", "llama", 1, 1, 0, 0, 0),
            ],
            usage);
    }

    [Fact]
    public async Task WriteAsync_SameBatchIdTwice_RowsStoredOnce()
    {
        await using var store = StoreSql.InMemory();
        var batch = Batch(GpuRow(T0, Gpu()));
        batch.RequestEvents.Add(Request(T0, "1", "acme", "llama", RequestStatus.Success, 1, 1));
        batch.BatchId = "batch-7";

        await store.WriteAsync(batch, CancellationToken.None);
        batch.MayBeStored = true; // as after a write that failed although it landed
        await store.WriteAsync(batch, CancellationToken.None);
        batch.BatchId = "batch-8";
        await store.WriteAsync(batch, CancellationToken.None);

        Assert.Equal(2, (await store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None)).Count);
        Assert.Equal(2, (await store.ReadRequestEventsAsync(TimeRange.All, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task WriteAsync_NoBatchId_EveryWriteStored()
    {
        await using var store = StoreSql.InMemory();
        var batch = Batch(GpuRow(T0, Gpu()));

        await store.WriteAsync(batch, CancellationToken.None);
        await store.WriteAsync(batch, CancellationToken.None);

        Assert.Equal(2, (await store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None)).Count);
    }
}
