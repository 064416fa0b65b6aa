using System.IO.Compression;
using System.Net.Http.Headers;
using Google.Protobuf;
using Observability.Collectors.Otlp;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Model;
using Observability.Ingest.Writer;

namespace Observability.Otlp.Tests.Support;

/// <summary>
/// A real receiver in front of a real writer and DuckDB store in a temporary file, on free loopback ports, torn down
/// (files deleted) on dispose, also when the test failed.
/// </summary>
internal sealed class ReceiverHarness : IAsyncDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"otlp-tests-{Guid.NewGuid():N}.duckdb");

    private ReceiverHarness()
    {
    }

    public DuckDbTelemetryStore Store { get; private set; } = null!;

    public BatchingWriter Writer { get; private set; } = null!;

    public OtlpReceiver Receiver { get; private set; } = null!;

    public OtlpMetrics Metrics { get; } = new();

    public HttpClient Http { get; } = new();

    public static async Task<ReceiverHarness> StartAsync(OtlpOptions? options = null, BatchingWriterOptions? writer = null, TimeProvider? time = null)
    {
        var h = new ReceiverHarness();
        try
        {
            h.Store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = h._path, MemoryLimit = "256MB", Threads = 1 }, time ?? TimeProvider.System);
            await h.Store.InitializeAsync(CancellationToken.None);
            h.Writer = new BatchingWriter(h.Store, writer ?? new BatchingWriterOptions { FlushInterval = TimeSpan.FromMilliseconds(50) }, time);
            var o = (options ?? new OtlpOptions()) with { HttpListen = new Uri("http://127.0.0.1:0"), GrpcListen = new Uri("http://127.0.0.1:0") };
            h.Receiver = await OtlpReceiver.StartAsync(o, h.Writer, time ?? TimeProvider.System, h.Metrics, null, CancellationToken.None);
            return h;
        }
        catch
        {
            await h.DisposeAsync();
            throw;
        }
    }

    public Uri TracesUrl => new(Receiver.HttpAddress, "v1/traces");

    public Uri MetricsUrl => new(Receiver.HttpAddress, "v1/metrics");

    public Task<HttpResponseMessage> PostAsync(Uri url, IMessage message, bool gzip = false) =>
        PostBytesAsync(url, message.ToByteArray(), "application/x-protobuf", gzip);

    public async Task<HttpResponseMessage> PostBytesAsync(Uri url, byte[] body, string contentType, bool gzip = false)
    {
        if (gzip)
        {
            body = Gzip(body);
        }

        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        return await Http.PostAsync(url, content);
    }

    /// <summary>
    /// Waits (at most 30 s) until the receiver has answered <paramref name="exports"/> exports: the SDK's ForceFlush over
    /// HTTP was seen to return before its export reached the receiver.
    /// </summary>
    public Task WaitForExportsAsync(long exports) => WaitUntilAsync(() => Metrics.Exports >= exports);

    /// <summary>Waits (at most 30 s) for <paramref name="condition"/>; the assertions after it say what was missing.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition() && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }
    }

    public async Task<IReadOnlyList<RequestEvent>> EventsAsync()
    {
        await Writer.FlushAsync();
        return await Store.ReadRequestEventsAsync(TimeRange.All, CancellationToken.None);
    }

    public static byte[] Gzip(byte[] body)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gz.Write(body);
        }

        return output.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        if (Receiver is not null)
        {
            await Receiver.DisposeAsync();
        }

        if (Writer is not null)
        {
            await Writer.DisposeAsync();
        }

        if (Store is not null)
        {
            await Store.DisposeAsync();
        }

        Metrics.Dispose();
        Http.Dispose();
        File.Delete(_path);
        File.Delete(_path + ".wal");
    }
}
