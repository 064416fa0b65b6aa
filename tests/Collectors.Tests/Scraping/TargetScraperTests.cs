using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Collectors.Scraping;
using Observability.Collectors.Tests.Support;
using Observability.Ingest.Model;

namespace Observability.Collectors.Tests.Scraping;

public sealed class TargetScraperTests
{
    private const string Dcgm = "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\",UUID=\"GPU-a\",Hostname=\"n1\"} 42\n";

    [Fact]
    public async Task ScrapeAsync_GzipOpenMetricsTarget_NegotiatesAndMaps()
    {
        string? accept = null;
        await using var server = new LoopbackServer(async ctx =>
        {
            accept = ctx.Request.Headers["Accept"];
            var gzip = ctx.Request.Headers["Accept-Encoding"]?.Contains("gzip", StringComparison.Ordinal) == true;
            ctx.Response.ContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
            var body = Encoding.UTF8.GetBytes("# TYPE DCGM_FI_DEV_GPU_UTIL gauge\n" + Dcgm + "# EOF\n");
            if (gzip)
            {
                ctx.Response.AddHeader("Content-Encoding", "gzip");
                await using var z = new GZipStream(ctx.Response.OutputStream, CompressionLevel.Fastest);
                await z.WriteAsync(body);
            }
            else
            {
                await ctx.Response.OutputStream.WriteAsync(body);
            }
        });
        using var http = new HttpClient(TargetScraper.CreateHandler());
        using var metrics = new ScrapeMetrics();
        var scraper = new TargetScraper(new ScrapeTarget { Url = server.Url("metrics"), Job = "dcgm" }, http, new ScrapeOptions(), TimeProvider.System, metrics);

        var batch = await scraper.ScrapeAsync(CancellationToken.None);

        var status = Assert.Single(batch.ScrapeStatuses);
        Assert.True(status.Up, status.Error);
        Assert.StartsWith("application/openmetrics-text", accept, StringComparison.Ordinal);
        Assert.Equal(42, Assert.Single(batch.GpuSamples)[GpuField.GpuUtilPct]);
        Assert.Equal(1, status.Samples);
    }

    [Fact]
    public async Task ScrapeAsync_MalformedBody_DownWithLineNumberAndCounted()
    {
        await using var server = Serve(Dcgm + "DCGM_FI_DEV_SM_CLOCK{gpu=\"0\" 7\n");
        using var capture = new MeterCapture(ScrapeMetrics.MeterName);
        var batch = await ScrapeOnce(server, new ScrapeOptions(), "bad-job");

        var status = Assert.Single(batch.ScrapeStatuses);
        Assert.False(status.Up);
        Assert.StartsWith("line 2: ", status.Error, StringComparison.Ordinal);
        Assert.Empty(batch.GpuSamples);
        Assert.Equal(1, capture.Sum("obs_scrapes", ("outcome", "parse_error"), ("job", "bad-job")));
    }

    [Fact]
    public async Task ScrapeAsync_TooManySamples_LimitExceededNamesTheLimit()
    {
        await using var server = Serve(Dcgm + Dcgm.Replace("UTIL", "TEMP", StringComparison.Ordinal) + Dcgm.Replace("UTIL", "POWER_USAGE", StringComparison.Ordinal));
        using var capture = new MeterCapture(ScrapeMetrics.MeterName);
        var batch = await ScrapeOnce(server, new ScrapeOptions { MaxSamplesPerScrape = 2 }, "limit-job");

        Assert.False(Assert.Single(batch.ScrapeStatuses).Up);
        Assert.Equal(1, capture.Sum("obs_scrapes", ("outcome", "limit_exceeded"), ("job", "limit-job")));
    }

    [Fact]
    public async Task ScrapeAsync_BodyOverLimit_BodyTooLarge()
    {
        await using var server = Serve(string.Concat(Enumerable.Repeat(Dcgm, 200)));
        var batch = await ScrapeOnce(server, new ScrapeOptions { MaxBodyBytes = 2048 }, "big");

        var status = Assert.Single(batch.ScrapeStatuses);
        Assert.False(status.Up);
        Assert.Contains("exceeds the limit of 2048 bytes", status.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_RedirectedTarget_FollowedAndMapped()
    {
        await using var server = new LoopbackServer(async ctx =>
        {
            if (ctx.Request.Url!.AbsolutePath == "/metrics")
            {
                ctx.Response.Redirect("/real-metrics");
                return;
            }

            ctx.Response.ContentType = "text/plain; version=0.0.4";
            await ctx.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(Dcgm));
        });
        using var http = new HttpClient(TargetScraper.CreateHandler());
        using var metrics = new ScrapeMetrics();
        using var scraper = new TargetScraper(new ScrapeTarget { Url = server.Url("metrics") }, http, new ScrapeOptions(), TimeProvider.System, metrics);

        var status = Assert.Single(scraper.Scrape(CancellationToken.None).ScrapeStatuses);

        Assert.True(status.Up, status.Error);
        Assert.Equal(1, status.Samples);
    }

    [Fact]
    public async Task Scrape_HttpErrorStatus_DownWithStatusAndReason()
    {
        await using var server = new LoopbackServer(ctx =>
        {
            ctx.Response.StatusCode = 503;
            return Task.CompletedTask;
        });
        using var http = new HttpClient(TargetScraper.CreateHandler());
        using var metrics = new ScrapeMetrics();
        using var scraper = new TargetScraper(new ScrapeTarget { Url = server.Url("metrics") }, http, new ScrapeOptions(), TimeProvider.System, metrics);

        var status = Assert.Single(scraper.Scrape(CancellationToken.None).ScrapeStatuses);

        Assert.False(status.Up);
        Assert.Equal("HTTP 503 Service Unavailable", status.Error);
    }

    [Fact]
    public async Task ScrapeAsync_DeadTarget_ConnectionErrorRowNoThrow()
    {
        Uri url;
        await using (var server = Serve(Dcgm))
        {
            url = server.Url("metrics");
        }

        using var http = new HttpClient(TargetScraper.CreateHandler());
        using var metrics = new ScrapeMetrics();
        var batch = await new TargetScraper(new ScrapeTarget { Url = url }, http, new ScrapeOptions(), TimeProvider.System, metrics).ScrapeAsync(CancellationToken.None);

        var status = Assert.Single(batch.ScrapeStatuses);
        Assert.False(status.Up);
        Assert.NotEmpty(status.Error);
    }

    [Fact]
    public async Task ScrapeAsync_SlowTarget_TimesOut()
    {
        await using var server = new LoopbackServer(async ctx => await Task.Delay(3000));
        var options = new ScrapeOptions();
        using var http = new HttpClient(TargetScraper.CreateHandler());
        using var metrics = new ScrapeMetrics();
        var target = new ScrapeTarget { Url = server.Url("metrics"), Timeout = TimeSpan.FromMilliseconds(300) };

        var batch = await new TargetScraper(target, http, options, TimeProvider.System, metrics).ScrapeAsync(CancellationToken.None);

        Assert.Contains("timed out", Assert.Single(batch.ScrapeStatuses).Error, StringComparison.Ordinal);
    }

    private static LoopbackServer Serve(string text) => new(async ctx =>
    {
        ctx.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await ctx.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(text));
    });

    private static async Task<Ingest.Contract.RowBatch> ScrapeOnce(LoopbackServer server, ScrapeOptions options, string job)
    {
        using var http = new HttpClient(TargetScraper.CreateHandler());
        using var metrics = new ScrapeMetrics();
        var scraper = new TargetScraper(new ScrapeTarget { Url = server.Url("metrics"), Job = job }, http, options, TimeProvider.System, metrics);
        return await scraper.ScrapeAsync(CancellationToken.None);
    }
}
