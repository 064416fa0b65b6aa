using System.IO.Compression;
using System.Text;
using Observability.Collectors.Scraping;
using Observability.Collectors.Scraping.PlainHttp;
using Observability.Collectors.Tests.Support;

namespace Observability.Collectors.Tests.Scraping.PlainHttp;

public sealed class PlainHttpConnectionTests
{
    private const string Body = "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} 42\nDCGM_FI_DEV_GPU_TEMP{gpu=\"0\"} 61\n";
    private static readonly KeyValuePair<string, string>[] Headers = [new("Accept", "text/plain"), new("X-Prometheus-Scrape-Timeout-Seconds", "2")];

    [Fact]
    public async Task Get_ContentLengthTwice_OneConnectionAndTheHeadersSent()
    {
        await using var server = new RawHttpServer((_, x) => x.SendAsync(Response($"Content-Length: {Body.Length}\r\n", Body)));
        using var connection = new PlainHttpConnection(server.Url, Headers);

        Assert.Equal(Body, Get(connection, out _));
        Assert.Equal(Body, Get(connection, out _));

        Assert.Equal(1, server.Connections);
        var head = Assert.Single(server.RequestHeads.Distinct());
        Assert.StartsWith("GET /metrics HTTP/1.1\r\n", head, StringComparison.Ordinal);
        Assert.Contains($"Host: {server.Url.Authority}\r\n", head, StringComparison.Ordinal);
        Assert.Contains("X-Prometheus-Scrape-Timeout-Seconds: 2\r\n", head, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ChunkedBodyTrickledInTinyPieces_DecodedWhole()
    {
        var chunked = "7;ext=1\r\n" + Body[..7] + "\r\n" + $"{Body.Length - 7:x}\r\n" + Body[7..] + "\r\n0\r\nX-Trailer: t\r\n\r\n";
        await using var server = new RawHttpServer((_, x) => x.TrickleAsync(Encoding.ASCII.GetBytes(Response("Transfer-Encoding: chunked\r\n", chunked)), 3));

        AssertBodyTwice(server, connections: 1);
    }

    [Fact]
    public async Task Get_CloseDelimitedBody_ReadToCloseThenReconnects()
    {
        await using var server = new RawHttpServer(async (_, x) =>
        {
            await x.SendAsync(Response("Connection: close\r\n", Body));
            x.Close();
        });

        AssertBodyTwice(server, connections: 2);
    }

    [Fact]
    public async Task Get_ServerDroppedTheIdleConnection_RetriedOnANewOne()
    {
        // Keep-alive is promised, then the connection is closed after each response, as an idle timeout would.
        await using var server = new RawHttpServer(async (_, x) =>
        {
            await x.SendAsync(Response($"Content-Length: {Body.Length}\r\n", Body));
            x.Close();
        });

        AssertBodyTwice(server, connections: 2, pause: TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task Get_GzipBody_Inflated()
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.ASCII.GetBytes(Body));
        }

        await using var server = new RawHttpServer(async (_, x) =>
        {
            await x.SendAsync($"HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Encoding: gzip\r\nContent-Length: {compressed.Length}\r\n\r\n");
            await x.SendAsync(compressed.ToArray());
        });
        using var connection = new PlainHttpConnection(server.Url, Headers);

        Assert.Equal(Body, Get(connection, out var response));
        Assert.Equal("text/plain; version=0.0.4", response.Head.ContentType);
    }

    [Fact]
    public async Task Get_InterimContinueHead_Skipped()
    {
        await using var server = new RawHttpServer((_, x) => x.SendAsync("HTTP/1.1 100 Continue\r\n\r\n" + Response($"Content-Length: {Body.Length}\r\n", Body)));
        using var connection = new PlainHttpConnection(server.Url, Headers);

        Assert.Equal(Body, Get(connection, out var response));
        Assert.Equal(200, response.Head.Status);
    }

    [Fact]
    public async Task Get_DeclaredLengthOverLimit_TooLargeWithoutReading()
    {
        await using var server = new RawHttpServer((_, x) => x.SendAsync(Response($"Content-Length: {Body.Length}\r\n", Body)));
        using var connection = new PlainHttpConnection(server.Url, Headers);
        using var body = new BodyReader(16);

        var response = connection.Get(body, Body.Length - 1, CancellationToken.None);

        Assert.True(response.BodyTooLarge);
        Assert.Equal(Body.Length, response.Head.ContentLength);
        Assert.Equal(0, body.Length);
    }

    [Fact]
    public async Task Get_ChunkedBodyOverLimit_TooLarge_AndExactlyAtLimitAccepted()
    {
        var chunked = $"{Body.Length:x}\r\n{Body}\r\n0\r\n\r\n";
        await using var server = new RawHttpServer((_, x) => x.SendAsync(Response("Transfer-Encoding: chunked\r\n", chunked)));
        using var connection = new PlainHttpConnection(server.Url, Headers);
        using var body = new BodyReader(16);

        Assert.True(connection.Get(body, Body.Length - 1, CancellationToken.None).BodyTooLarge);
        Assert.False(connection.Get(body, Body.Length, CancellationToken.None).BodyTooLarge);
        Assert.Equal(Body, Encoding.ASCII.GetString(body.Span));
    }

    [Fact]
    public async Task Get_ErrorStatus_NoBodyReadAndStatusReported()
    {
        await using var server = new RawHttpServer((_, x) => x.SendAsync("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy"));
        using var connection = new PlainHttpConnection(server.Url, Headers);
        using var body = new BodyReader(16);

        var response = connection.Get(body, 1024, CancellationToken.None);

        Assert.Equal((503, "Service Unavailable"), (response.Head.Status, response.Head.Reason));
        Assert.Equal(0, body.Length);
    }

    [Fact]
    public async Task Get_TargetStallsMidBody_CancellationEndsTheBlockingRead()
    {
        await using var server = new RawHttpServer(async (_, x) =>
        {
            await x.SendAsync($"HTTP/1.1 200 OK\r\nContent-Length: {Body.Length}\r\n\r\n{Body[..5]}");
            await Task.Delay(TimeSpan.FromSeconds(30));
        });
        using var connection = new PlainHttpConnection(server.Url, Headers);
        using var body = new BodyReader(16);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var started = TimeProvider.System.GetTimestamp();
        Assert.ThrowsAny<OperationCanceledException>(() => connection.Get(body, 1024, cancel.Token));

        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Get_TargetClosesMidBody_IoErrorNamesTheShortfall()
    {
        await using var server = new RawHttpServer(async (_, x) =>
        {
            await x.SendAsync($"HTTP/1.1 200 OK\r\nContent-Length: {Body.Length}\r\n\r\n{Body[..5]}");
            x.Close();
        });
        using var connection = new PlainHttpConnection(server.Url, Headers);
        using var body = new BodyReader(16);

        var error = Assert.Throws<IOException>(() => connection.Get(body, 1024, CancellationToken.None));

        Assert.Contains($"after 5 of {Body.Length} body bytes", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Two GETs on one connection object, each returning the whole body, over the given number of TCP connections.</summary>
    private static void AssertBodyTwice(RawHttpServer server, int connections, TimeSpan pause = default)
    {
        using var connection = new PlainHttpConnection(server.Url, Headers);

        Assert.Equal(Body, Get(connection, out _));
        Thread.Sleep(pause);
        Assert.Equal(Body, Get(connection, out _));

        Assert.Equal(connections, server.Connections);
    }

    private static string Get(PlainHttpConnection connection, out FetchedResponse response)
    {
        using var body = new BodyReader(16);
        response = connection.Get(body, 1 << 20, CancellationToken.None);
        Assert.False(response.BodyTooLarge);
        return Encoding.ASCII.GetString(body.Span);
    }

    private static string Response(string framing, string body) => $"HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\n{framing}\r\n{body}";
}
