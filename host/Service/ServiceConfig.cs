using Observability.Collectors.Otlp;
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
    Uri Listen)
{
    /// <summary>The OTLP receiver, or null when the configuration has no <c>Otlp</c> section (or disables it).</summary>
    public OtlpOptions? Otlp { get; init; }
}
