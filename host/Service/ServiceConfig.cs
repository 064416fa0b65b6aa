using Observability.Collectors.Scraping;

namespace Observability.Host.Service;

/// <summary>The validated configuration of the service: what <see cref="ServiceConfigLoader"/> produces.</summary>
public sealed record ServiceConfig(
    string StorePath,
    string? StoreMemoryLimit,
    int? StoreThreads,
    IReadOnlyDictionary<string, string> StoreSettings,
    ScrapeOptions Scrape,
    int WriterMaxBatchRows,
    TimeSpan WriterFlushInterval,
    int WriterMaxBufferedRows,
    Uri Listen);
