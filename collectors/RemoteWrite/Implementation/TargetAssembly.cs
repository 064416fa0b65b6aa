using Observability.Collectors.Mapping;

namespace Observability.RemoteWrite.Implementation;

/// <summary>
/// Everything kept for one target (<c>job</c> × <c>instance</c>): its own mappers with their counter state, as a
/// scraped target has, and its scrapes still being gathered, oldest first. Scrapes are mapped strictly in timestamp
/// order; a sample older than the last mapped scrape arrives too late to be mapped.
/// </summary>
internal sealed class TargetAssembly(string job, string instance, ScrapeMapper mapper, bool keepUnmapped)
{
    public string Job { get; } = job;

    /// <summary>The <c>instance</c> label: the row's target, as the scrape URL is for a scraped target.</summary>
    public string Instance { get; } = instance;

    public ScrapeMapper Mapper { get; } = mapper;

    public bool KeepUnmapped { get; } = keepUnmapped;

    public SortedDictionary<long, PendingScrape> Pending { get; } = [];

    /// <summary>Timestamp of the last scrape mapped; samples at or before it are late.</summary>
    public long LastMappedMs { get; set; } = long.MinValue;

    /// <summary>When a sample last arrived (a <see cref="TimeProvider"/> timestamp), to forget targets gone quiet.</summary>
    public long LastArrival { get; set; }

    public int PendingSamples { get; set; }

    /// <summary>The arena and entry list of the last mapped scrape, for the next one (null while a scrape uses them).</summary>
    public (byte[] Arena, List<PendingEntry> Entries)? Spare { get; set; }
}
