using System.Net;
using System.Net.Http.Headers;
using Observability.RemoteWrite.Tests.Support;

namespace Observability.RemoteWrite.Tests;

/// <summary><c>POST /api/v1/write</c> over real HTTP on loopback: status codes, reasons and Retry-After as a sender sees them.</summary>
public sealed class EndpointTests
{
    [Fact]
    public async Task Post_ValidBodyWithAndWithoutContentLength_204()
    {
        await using var intake = await IntakeUnderTest.StartAsync();
        await using var server = await IntakeServer.StartAsync(intake.Intake, 1 << 20);
        using var http = new HttpClient();
        var t = SampleBodies.Now(intake);

        using var sized = await http.SendAsync(Post(server, new ByteArrayContent(SampleBodies.Body(t))));
        using var chunked = await http.SendAsync(Post(server, new StreamContent(new NoLengthStream(SampleBodies.Body(t + 15_000)))));

        Assert.Equal(HttpStatusCode.NoContent, sized.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, chunked.StatusCode);
        Assert.Equal(4, (await intake.RowsAsync()).Gpus.Count);
    }

    [Fact]
    public async Task Post_OversizedBodyDeclaredOrStreamed_413WithReason()
    {
        await using var intake = await IntakeUnderTest.StartAsync();
        const int limit = 64 * 1024;
        await using var server = await IntakeServer.StartAsync(intake.Intake, limit);
        using var http = new HttpClient();
        var big = new byte[limit + 1];
        new Random(1).NextBytes(big);

        using var declared = await http.SendAsync(Post(server, new ByteArrayContent(big)));
        using var streamed = await http.SendAsync(Post(server, new StreamContent(new NoLengthStream(big))));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, streamed.StatusCode);
        Assert.Contains("over the limit", await streamed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (await intake.RowsAsync()).Count);
    }

    [Fact]
    public async Task Post_WhileSaturated_503WithRetryAfterHeader()
    {
        await using var intake = await IntakeUnderTest.StartAsync(new RemoteWriteOptions { MaxPendingSamples = 5 });
        await using var server = await IntakeServer.StartAsync(intake.Intake, 1 << 20);
        using var http = new HttpClient();
        var t = SampleBodies.Now(intake);
        using var first = await http.SendAsync(Post(server, new ByteArrayContent(SampleBodies.Body(t))));

        using var second = await http.SendAsync(Post(server, new ByteArrayContent(SampleBodies.Body(t, instance: "other:9400"))));

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), second.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Get_OnTheWritePath_NotAllowed()
    {
        await using var intake = await IntakeUnderTest.StartAsync();
        await using var server = await IntakeServer.StartAsync(intake.Intake, 1 << 20);
        using var http = new HttpClient();

        using var response = await http.GetAsync(server.WriteUrl);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    private static HttpRequestMessage Post(IntakeServer server, HttpContent content)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");
        return new HttpRequestMessage(HttpMethod.Post, server.WriteUrl) { Content = content };
    }

    /// <summary>A body whose length is not known in advance, so it goes out chunked, as a streaming sender's would.</summary>
    private sealed class NoLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
