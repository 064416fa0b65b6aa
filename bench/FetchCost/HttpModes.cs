using Observability.Collectors.Scraping;
using Observability.Ingest.Contract;

namespace Observability.FetchCost;

/// <summary>The modes that use obs's own HTTP path, and their scheduling: one loop per target on a <see cref="PeriodicTimer"/>, as in obs run.</summary>
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

    public static Task ScrapeAsync(
        IReadOnlyList<ScrapeTarget> targets, TimeSpan interval, Measurement measurement, CancellationToken stop, Func<RowBatch, ValueTask>? rows = null)
    {
        var http = new HttpClient(TargetScraper.CreateHandler(compression: false));
        var metrics = new ScrapeMetrics();
        var options = new ScrapeOptions { EnableCompression = false };
        var scrapers = targets.ToDictionary(t => t, t => new TargetScraper(t, http, options, TimeProvider.System, metrics));
        return EveryTargetAsync(targets, interval, stop, async target =>
        {
            var batch = await scrapers[target].ScrapeAsync(stop).ConfigureAwait(false);
            var status = batch.ScrapeStatuses[^1];
            measurement.Scraped(0, status.Samples);
            if (rows is not null)
            {
                await rows(batch).ConfigureAwait(false);
            }
        });
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
