using Observability.Collectors.Scraping;
using Observability.Ingest.Spool;
using Observability.RemoteWrite;

namespace Observability.Host.Service;

/// <summary>
/// The validated configuration of the service: what <see cref="ServiceConfigLoader"/> produces. A null
/// <see cref="Spool"/> means no disk spool: a store outage is ridden out in the writer's memory only.
/// </summary>
public sealed record ServiceConfig(
    string StorePath,
    string? StoreMemoryLimit,
    int? StoreThreads,
    IReadOnlyDictionary<string, string> StoreSettings,
    ScrapeOptions Scrape,
    int WriterMaxBatchRows,
    TimeSpan WriterFlushInterval,
    int WriterMaxBufferedRows,
    Uri Listen,
    SpoolOptions? Spool = null)
{
    /// <summary>The <c>POST /api/v1/write</c> intake on the same listener; off unless configured.</summary>
    public RemoteWriteOptions RemoteWrite { get; init; } = new();
}
