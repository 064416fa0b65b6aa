using Microsoft.Extensions.Time.Testing;
using Observability.Ingest.Writer;

namespace Observability.RemoteWrite.Tests.Support;

/// <summary>The intake on simulated time, writing into its own in-memory store.</summary>
internal sealed class IntakeUnderTest : IAsyncDisposable
{
    private IntakeUnderTest(StoreUnderTest store, RemoteWriteOptions options, FakeTimeProvider time)
    {
        Store = store;
        Time = time;
        Metrics = new RemoteWriteMetrics();
        Counters = new MeterCapture(Metrics.Meter);
        Intake = new RemoteWriteIntake(options, store.Writer, time, Metrics);
    }

    public StoreUnderTest Store { get; }

    public FakeTimeProvider Time { get; }

    public RemoteWriteMetrics Metrics { get; }

    public MeterCapture Counters { get; }

    public RemoteWriteIntake Intake { get; }

    public static readonly DateTimeOffset Start = new(2026, 10, 1, 12, 0, 0, TimeSpan.Zero);

    public static async Task<IntakeUnderTest> StartAsync(RemoteWriteOptions? options = null, BatchingWriterOptions? writer = null) =>
        new(await StoreUnderTest.StartAsync(writer), options ?? new RemoteWriteOptions { Enabled = true }, new FakeTimeProvider(Start));

    public RemoteWriteResponse Post(byte[] body, string contentType = "application/x-protobuf", string encoding = "snappy") =>
        Intake.Accept(contentType, encoding, body);

    /// <summary>Maps everything pending and reads the store.</summary>
    public async Task<StoredRows> RowsAsync()
    {
        Intake.FlushAll();
        return await Store.RowsAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Intake.Dispose();
        Counters.Dispose();
        Metrics.Dispose();
        await Store.DisposeAsync();
    }
}
