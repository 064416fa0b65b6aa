using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Collectors.Scraping;
using Observability.Collectors.Tests.Support;

namespace Observability.Collectors.Tests.Scraping;

[Collection(SchedulingTimingCollection.Name)]
public sealed class ScrapeSchedulerTests
{
    private const string Dcgm = "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\",UUID=\"GPU-a\"} 42\n";

    [Fact]
    public async Task Run_SlowTargetBesideFastOne_FastOneKeepsItsCadence()
    {
        await using var fast = Serve(Dcgm, delay: TimeSpan.Zero);
        await using var slow = Serve(Dcgm, delay: TimeSpan.FromSeconds(5));
        var fastTarget = new ScrapeTarget { Url = fast.Url("metrics"), Interval = TimeSpan.FromMilliseconds(250), Timeout = TimeSpan.FromMilliseconds(250) };
        var slowTarget = new ScrapeTarget { Url = slow.Url("metrics"), Interval = TimeSpan.FromSeconds(3), Timeout = TimeSpan.FromSeconds(3) };
        var sink = new CollectingSink();

        await RunFor(new ScrapeOptions { StaticTargets = [fastTarget, slowTarget], MaxConcurrentScrapes = 2 }, sink, TimeSpan.FromSeconds(3));

        // In 3 s the slow target never answers; the fast one must still be scraped, successfully,
        // about every 250 ms (a cold first scrape on a busy machine may time out, so not all 12).
        var fastUp = sink.Batches.SelectMany(b => b.ScrapeStatuses).Count(s => s.Target == fastTarget.Url.ToString() && s.Up);
        Assert.True(fastUp >= 6, $"fast target scraped successfully {fastUp} times of {sink.ScrapesOf(fastTarget.Url)}");
        Assert.Equal(0, sink.Batches.SelectMany(b => b.ScrapeStatuses).Count(s => s.Target == slowTarget.Url.ToString() && s.Up));
    }

    [Fact]
    public async Task Run_FileSdRewritten_TargetsFollowTheFile()
    {
        await using var a = Serve(Dcgm, TimeSpan.Zero);
        await using var b = Serve(Dcgm, TimeSpan.Zero);
        var dir = Directory.CreateTempSubdirectory("obs-filesd-");
        var file = Path.Combine(dir.FullName, "targets.json");
        await File.WriteAllTextAsync(file, Group(a.BaseUrl, "dcgm"));
        var sink = new CollectingSink();
        var options = new ScrapeOptions { FileSdPaths = [file], FileSdRefreshInterval = TimeSpan.FromMilliseconds(100), DefaultInterval = TimeSpan.FromMilliseconds(200), DefaultTimeout = TimeSpan.FromMilliseconds(150) };
        using var http = new HttpClient(TargetScraper.CreateHandler());
        using var metrics = new ScrapeMetrics();
        using var scheduler = new ScrapeScheduler(options, sink, TimeProvider.System, metrics, http, NullLogger<ScrapeScheduler>.Instance);
        await scheduler.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntil(() => sink.ScrapesOf(new Uri(a.BaseUrl, "metrics")) > 0);
            Assert.Equal("cluster-x", Assert.Single(scheduler.ActiveTargets).Labels["cluster"]);

            await File.WriteAllTextAsync(file, Group(b.BaseUrl, "dcgm"));
            File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file).AddSeconds(2));
            await WaitUntil(() => sink.ScrapesOf(new Uri(b.BaseUrl, "metrics")) > 0);

            Assert.Equal(new Uri(b.BaseUrl, "metrics"), Assert.Single(scheduler.ActiveTargets).Url);
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Run_SinkRefusesABatch_CountedAndTheLoopGoesOn()
    {
        await using var target = Serve(Dcgm, TimeSpan.Zero);
        var sink = new RefusingOnceSink();
        using var capture = new MeterCapture(ScrapeMetrics.MeterName);
        var options = new ScrapeOptions
        {
            StaticTargets = [new ScrapeTarget { Url = target.Url("metrics"), Job = "refused-once", Interval = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromMilliseconds(200) }],
        };

        await RunFor(options, sink, TimeSpan.FromSeconds(2));

        Assert.True(sink.Accepted >= 3, $"only {sink.Accepted} batches after the refusal");
        Assert.True(sink.RefusedRows > 0);
        Assert.Equal(sink.RefusedRows, capture.Sum("obs_scrape_rows_undelivered", ("job", "refused-once")));
    }

    [Fact]
    public async Task Run_MoreStalledTargetsThanTheLimit_ThreadsGrowToTheLimitAndNoFurther()
    {
        await using var stalled = Serve(Dcgm, delay: TimeSpan.FromSeconds(5));
        var targets = Enumerable.Range(0, 5)
            .Select(i => new ScrapeTarget { Url = stalled.Url($"metrics{i}"), Interval = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(2) })
            .ToList();
        using var http = new HttpClient(TargetScraper.CreateHandler());
        using var metrics = new ScrapeMetrics();
        using var scheduler = new ScrapeScheduler(
            new ScrapeOptions { StaticTargets = targets, MaxConcurrentScrapes = 3 }, new CollectingSink(), TimeProvider.System, metrics, http, NullLogger<ScrapeScheduler>.Instance);
        using var capture = new MeterCapture(metrics.Meter);
        await scheduler.StartAsync(CancellationToken.None);
        var (most, mostExported) = (0, 0L);
        try
        {
            for (var i = 0; i < 60; i++)
            {
                most = Math.Max(most, scheduler.ScrapeThreads);
                capture.Observe();
                mostExported = Math.Max(mostExported, capture.Last("obs_scrape_threads") ?? 0);
                await Task.Delay(50);
            }
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
        }

        // Every target hangs until its timeout, which equals its interval: after the first interval all five want a thread
        // at once, so the pool must grow past one, and stop at the limit.
        Assert.Equal(3, most);
        Assert.Equal(3, mostExported);
    }

    [Fact]
    public void Validate_BadOptions_ListsEveryProblemByName()
    {
        var errors = ScrapeOptionsValidator.Validate(new ScrapeOptions
        {
            DefaultInterval = TimeSpan.Zero,
            MaxConcurrentScrapes = 0,
            MaxBodyBytes = 2L << 30,
            StaticTargets = [new ScrapeTarget { Url = new Uri("ftp://x/"), Interval = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromSeconds(5) }],
        });

        Assert.Contains(errors, e => e.StartsWith("Scrape.DefaultInterval", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Scrape.MaxConcurrentScrapes", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Scrape.MaxBodyBytes must be at most", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Scrape.Targets[0].Url", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Scrape.Targets[0].Timeout", StringComparison.Ordinal));
    }

    /// <summary>Refuses the first batch, as a closed writer would, then accepts.</summary>
    private sealed class RefusingOnceSink : Ingest.Contract.IRowSink
    {
        private int _calls;

        public int Accepted { get; private set; }

        /// <summary>Rows of the refused batch: a status row, plus the GPU row when that first scrape succeeded.</summary>
        public int RefusedRows { get; private set; }

        public ValueTask WriteAsync(Ingest.Contract.RowBatch batch, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                RefusedRows = batch.RowCount;
                throw new InvalidOperationException("writer closed");
            }

            Accepted++;
            return ValueTask.CompletedTask;
        }
    }

    private static string Group(Uri baseUrl, string job) =>
        $$$"""[{"targets": ["{{{baseUrl.Authority}}}"], "labels": {"job": "{{{job}}}", "cluster": "cluster-x", "__meta_x": "dropped"}}]""";

    private static LoopbackServer Serve(string text, TimeSpan delay) => new(async ctx =>
    {
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay);
        }

        ctx.Response.ContentType = "text/plain; version=0.0.4";
        await ctx.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(text));
    });

    private static async Task RunFor(ScrapeOptions options, Ingest.Contract.IRowSink sink, TimeSpan duration)
    {
        using var http = new HttpClient(TargetScraper.CreateHandler());
        using var metrics = new ScrapeMetrics();
        using var scheduler = new ScrapeScheduler(options, sink, TimeProvider.System, metrics, http, NullLogger<ScrapeScheduler>.Instance);
        await scheduler.StartAsync(CancellationToken.None);
        await Task.Delay(duration);
        await scheduler.StopAsync(CancellationToken.None);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition(), "condition not reached within 10 s");
    }
}
