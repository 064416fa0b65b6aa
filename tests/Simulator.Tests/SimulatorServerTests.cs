using System.IO.Compression;
using System.Net;
using System.Text.Json;

namespace Observability.Simulator.Tests;

public sealed class SimulatorServerTests
{
    [Fact]
    public async Task StartAsync_PortZero_ServesEveryTargetOnLoopback()
    {
        var fleet = new TestFleet();
        await using var server = new SimulatorServer(fleet.Simulator);
        await server.StartAsync(CancellationToken.None);
        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });

        Assert.Equal(fleet.Simulator.Endpoints.Count, server.Targets.Count);
        Assert.Equal("127.0.0.1", server.BaseAddress!.Host);
        Assert.NotEqual(0, server.BaseAddress.Port);
        foreach (var target in server.Targets)
        {
            Assert.Equal("127.0.0.1", target.Url.Host);
            using var response = await http.GetAsync(target.Url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
            Assert.Null(response.Content.Headers.ContentEncoding.FirstOrDefault());
            await Promtool.AssertParsesAsync(await response.Content.ReadAsStringAsync(), target.Url.ToString());
        }

        Assert.Contains(server.Targets, t => t.Kind == TargetKind.Dcgm && t.Url.AbsolutePath == "/dcgm/gpu-node-0/metrics" && t.Labels["cluster"] == "sim");
        Assert.Contains(server.Targets, t => t.Kind == TargetKind.Triton && t.Labels["model"] == "llama3-70b-trtllm" && t.Node == "gpu-node-0");
    }

    [Fact]
    public async Task Get_AcceptEncodingGzip_ReturnsTheSamePageGzipped()
    {
        var fleet = new TestFleet();
        await using var server = new SimulatorServer(fleet.Simulator);
        await server.StartAsync(CancellationToken.None);
        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });
        var url = server.Targets.First(t => t.Kind == TargetKind.Dcgm).Url;

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var response = await http.SendAsync(request);
        var compressed = await response.Content.ReadAsByteArrayAsync();
        await using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var text = await reader.ReadToEndAsync();
        var plain = await http.GetStringAsync(url);

        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Equal(plain, text);
        Assert.True(compressed.Length * 5 < plain.Length, $"{compressed.Length} vs {plain.Length}");
    }

    [Fact]
    public async Task Get_UnknownPath_Returns404AndTargetsListsUrls()
    {
        var fleet = new TestFleet();
        await using var server = new SimulatorServer(fleet.Simulator);
        await server.StartAsync(CancellationToken.None);
        using var http = new HttpClient();

        using var missing = await http.GetAsync(new Uri(server.BaseAddress!, "/dcgm/no-such-node/metrics"));
        using var targets = JsonDocument.Parse(await http.GetStringAsync(new Uri(server.BaseAddress!, "/targets")));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(server.Targets.Count, targets.RootElement.GetArrayLength());
        Assert.Equal(server.Targets[0].Url.ToString(), targets.RootElement[0].GetProperty("Url").GetString());
        Assert.Equal("Dcgm", targets.RootElement[0].GetProperty("Kind").GetString());
    }

    [Fact]
    public async Task StopAsync_ThenStartAgain_ServesOnANewListener()
    {
        var fleet = new TestFleet();
        await using var server = new SimulatorServer(fleet.Simulator);
        await server.StartAsync(CancellationToken.None);
        var first = server.BaseAddress!;
        await server.StopAsync(CancellationToken.None);
        var stopped = server.Targets.Count;
        await server.StopAsync(CancellationToken.None);
        await server.StartAsync(CancellationToken.None);
        using var http = new HttpClient();

        Assert.Equal(0, stopped);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(server.Targets[0].Url)).StatusCode);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync(new Uri(first, "/targets")).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task StartAsync_ClockMovesWithoutScrapes_SimulationKeepsUp()
    {
        var fleet = new TestFleet();
        await using var server = new SimulatorServer(fleet.Simulator);
        await server.StartAsync(CancellationToken.None);

        fleet.Clock.Advance(TimeSpan.FromSeconds(10));
        var started = fleet.Simulator.Now;
        await server.StopAsync(CancellationToken.None);
        fleet.Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(TestFleet.Midnight.AddSeconds(10), started);
        Assert.Equal(TestFleet.Midnight.AddSeconds(10), fleet.Simulator.Now);
    }
}
