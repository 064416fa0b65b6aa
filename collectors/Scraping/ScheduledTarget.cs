namespace Observability.Collectors.Scraping;

/// <summary>
/// A target in <see cref="ScrapeWorkers"/>' queue: its scraper, its place on the time grid, and whether it has been
/// removed. The mutable fields are guarded by the workers' lock.
/// </summary>
internal sealed class ScheduledTarget(TargetScraper scraper, long intervalTimestamp, CancellationToken stopping)
{
    public TargetScraper Scraper { get; } = scraper;

    /// <summary>The interval in <see cref="TimeProvider"/> timestamp units.</summary>
    public long IntervalTimestamp { get; } = intervalTimestamp;

    /// <summary>Cancelled when the target is removed or the workers stop: ends a scrape in flight at once.</summary>
    public CancellationTokenSource Cancellation { get; } = CancellationTokenSource.CreateLinkedTokenSource(stopping);

    public long Due { get; set; }

    public bool Removed { get; private set; }

    /// <summary>Marks the target removed and cancels a scrape in flight; it is released once out of the queue and idle.</summary>
    public void Remove()
    {
        Removed = true;
        Cancellation.Cancel();
    }

    /// <summary>Closes the target's connection; only once no thread can be scraping it.</summary>
    public void Release()
    {
        Scraper.Dispose();
        Cancellation.Dispose();
    }
}
