using Observability.Collectors.Scraping;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Ingest.Contract;

namespace Observability.FetchCost;

/// <summary>
/// The modes that use obs's own code: HttpClient fetches on one async loop per target (a <see cref="PeriodicTimer"/>
/// each, how obs scheduled scrapes before its scrape threads), and obs's scrape scheduler itself.
/// </summary>
internal static class HttpModes
{
    public static Task FetchAsync(IReadOnlyList<ScrapeTarget> targets, TimeSpan interval, Measurement measurement, CancellationToken stop)
    {
        var http = new HttpClient(TargetScraper.CreateHandler(compression: false));
        var buffers = targets.ToDictionary(t => t, _ => new byte[1 << 20]);
        return EveryTargetAsync(targets, interval, stop, async target =>
        {
            var buffer = buffers[target];
            using var response = await http.GetAsync(target.Url, HttpCompletionOption.ResponseHeadersRead, stop).ConfigureAwait(false);
            await using var body = await response.Content.ReadAsStreamAsync(stop).ConfigureAwait(false);
            int read, total = 0;
            while ((read = await body.ReadAsync(buffer.AsMemory(total), stop).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            measurement.Scraped(total);
        });
    }

    /// <summary>obs's scrape scheduler and scrapers as obs run drives them, the rows counted and handed to <paramref name="next"/> if any.</summary>
    public static async Task ScrapeAsync(
        IReadOnlyList<ScrapeTarget> targets, TimeSpan interval, Measurement measurement, CancellationToken stop, IRowSink? next = null)
    {
        using var http = new HttpClient(TargetScraper.CreateHandler(compression: false));
        using var metrics = new ScrapeMetrics();
        var options = new ScrapeOptions { EnableCompression = false, StaticTargets = [.. targets.Select(t => t with { Interval = interval })] };
        using var scheduler = new ScrapeScheduler(options, new CountingSink(measurement, next), TimeProvider.System, metrics, http, NullLogger<ScrapeScheduler>.Instance);
        await scheduler.StartAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        await scheduler.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private sealed class CountingSink(Measurement measurement, IRowSink? next) : IRowSink
    {
        public ValueTask WriteAsync(RowBatch batch, CancellationToken cancellationToken)
        {
            measurement.Scraped(0, batch.ScrapeStatuses[^1].Samples);
            return next?.WriteAsync(batch, cancellationToken) ?? ValueTask.CompletedTask;
        }
    }

    /// <summary>One loop per target, first scrapes spread over the interval, until <paramref name="stop"/>.</summary>
    public static Task EveryTargetAsync(IReadOnlyList<ScrapeTarget> targets, TimeSpan interval, CancellationToken stop, Func<ScrapeTarget, Task> scrape)
    {
        var offsets = SocketFloor.Offsets(targets.Count, interval);
        return Task.WhenAll(targets.Select((target, i) => Task.Run(async () =>
        {
            try
            {
                await Task.Delay(offsets[i], stop).ConfigureAwait(false);
                using var timer = new PeriodicTimer(interval);
                do
                {
                    await scrape(target).ConfigureAwait(false);
                }
                while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        })));
    }
}
