using Observability.Collectors.Scraping;
using Observability.Collectors.Tests.Support;

namespace Observability.Collectors.Tests.Scraping;

[Collection(SchedulingTimingCollection.Name)]
public sealed class ScrapeWorkersTests
{
    [Fact]
    public async Task Workers_AfterABurstOfSlowScrapes_ShrinkToWhatTheLoadNeeds()
    {
        var slow = 1;
        var scrapes = 0;
        using var workers = new ScrapeWorkers(
            TimeProvider.System,
            maxThreads: 4,
            (_, cancel) =>
            {
                Interlocked.Increment(ref scrapes);
                if (Volatile.Read(ref slow) == 1)
                {
                    cancel.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(400));
                }
            },
            idleWindow: TimeSpan.FromMilliseconds(200));
        using var http = new HttpClient();
        using var metrics = new ScrapeMetrics();
        for (var i = 0; i < 4; i++)
        {
            // The scrape delegate never fetches: the scrapers only stand for four targets in the queue.
            var target = new ScrapeTarget { Url = new Uri($"http://127.0.0.1:9/t{i}") };
            // Due 50 ms apart, so once scrapes are quick one thread at a time is busy; while they are slow (400 ms) all overlap.
            workers.Add(
                new TargetScraper(target, http, new ScrapeOptions(), TimeProvider.System, metrics), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(50 * i));
        }

        try
        {
            await WaitUntil(() => workers.Threads == 4, "the pool never grew to four threads");
            Volatile.Write(ref slow, 0);
            var before = Volatile.Read(ref scrapes);
            await WaitUntil(() => workers.Threads <= 2, "the pool did not shrink once scrapes were quick");

            Assert.True(Volatile.Read(ref scrapes) > before + 4, "scraping stopped while the pool shrank");
        }
        finally
        {
            await workers.StopAsync();
        }

        Assert.Equal(0, workers.Threads);
    }

    [Theory]
    [InlineData(0, 10, 5, 10)]
    [InlineData(0, 10, 10, 20)]
    [InlineData(0, 10, 35, 40)]
    [InlineData(100, 10, 95, 110)]
    public void NextDue_StaysOnTheGridAndSkipsMissedTicks(long due, long interval, long now, long expected) =>
        Assert.Equal(expected, ScrapeWorkers.NextDue(due, interval, now));

    private static async Task WaitUntil(Func<bool> condition, string failure)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), failure);
    }
}
