using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Google.Protobuf;
using Observability.Host.Cli;
using Observability.Host.Commands;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Observability.RemoteWrite.Protocol;
using Snappier;

namespace Observability.EndToEnd.Tests.Pipeline;

/// <summary><c>obs run</c> with a <c>RemoteWrite</c> section: the endpoint on the service's listener, rows in its store, its counters on /metrics.</summary>
public sealed class RunRemoteWriteTests
{
    [Fact]
    public async Task Run_RemoteWriteEnabled_AcceptsSnappyProtobufAndStoresRows()
    {
        var dir = Directory.CreateTempSubdirectory("obs-run-rw-");
        var port = FreePort();
        var config = Path.Combine(dir.FullName, "obs.json");
        await File.WriteAllTextAsync(config, $$$"""
            {
              "Store": {"Path": "obs.duckdb"},
              "Http": {"Listen": "http://127.0.0.1:{{{port}}}"},
              "RemoteWrite": {"Enabled": true, "AssemblyDelay": "200ms", "Sources": [{"Job": "gpu.*", "Mappers": ["dcgm"]}]}
            }
            """);
        using var stop = new CancellationTokenSource();
        var run = RunCommand.RunAsync(CommandArgs.Parse(["--config", config]), TextWriter.Null, stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            HttpResponseMessage? accepted = null;
            for (var i = 0; i < 100 && accepted is null; i++)
            {
                try
                {
                    accepted = await http.SendAsync(Post(Body(now), "application/x-protobuf"));
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200);
                }
            }

            Assert.Equal(HttpStatusCode.NoContent, accepted?.StatusCode);
            using var wrongType = await http.SendAsync(Post(Body(now + 1000), "application/json"));
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
            Assert.Contains("Content-Type", await wrongType.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var garbage = await http.SendAsync(Post([1, 2, 3, 4, 5], "application/x-protobuf"));
            Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);

            var metrics = await http.GetStringAsync("metrics");
            // Values are not compared: other tests' services in this process publish to the same default registry.
            Assert.Contains("obs_remote_write_requests_total{outcome=\"ok\"}", metrics, StringComparison.Ordinal);
            Assert.Contains("obs_remote_write_requests_total{outcome=\"bad_request\"}", metrics, StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await run);
        }

        await using (var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = Path.Combine(dir.FullName, "obs.duckdb") }, TimeProvider.System))
        {
            await store.InitializeAsync(CancellationToken.None);
            var gpus = await store.ReadGpuSamplesAsync(TimeRange.All, CancellationToken.None);
            var gpu = Assert.Single(gpus);
            Assert.Equal(("GPU-aaaa", "10.0.0.7:9400", 40.0), (gpu.Gpu.Uuid, gpu.Target, gpu[Ingest.Model.GpuField.GpuUtilPct]));
            Assert.Empty(await store.ReadServingSamplesAsync(TimeRange.All, CancellationToken.None));
        }

        dir.Delete(recursive: true);
    }

    private static HttpRequestMessage Post(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        content.Headers.ContentEncoding.Add("snappy");
        return new HttpRequestMessage(HttpMethod.Post, "api/v1/write") { Content = content };
    }

    private static byte[] Body(long timestampMs)
    {
        var request = new WriteRequest();
        request.Timeseries.Add(Series(timestampMs, 40, ("__name__", "DCGM_FI_DEV_GPU_UTIL"), ("Hostname", "gpu-07"), ("UUID", "GPU-aaaa"), ("gpu", "0"), ("instance", "10.0.0.7:9400"), ("job", "gpu-nodes")));
        request.Timeseries.Add(Series(timestampMs, 3, ("__name__", "vllm:num_requests_running"), ("instance", "10.0.0.7:9400"), ("job", "gpu-nodes"), ("model_name", "m")));
        return Snappy.CompressToArray(request.ToByteArray());
    }

    private static TimeSeries Series(long timestampMs, double value, params (string Name, string Value)[] labels)
    {
        var series = new TimeSeries { Samples = { new Sample { Timestamp = timestampMs, Value = value } } };
        series.Labels.AddRange(labels.Select(l => new Label { Name = l.Name, Value = l.Value }));
        return series;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
