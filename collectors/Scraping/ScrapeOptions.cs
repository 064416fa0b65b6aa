namespace Observability.Collectors.Scraping;

/// <summary>How the scrape loop runs. Every property has a documented default; <see cref="ScrapeOptionsValidator"/> checks them all at once.</summary>
public sealed record ScrapeOptions
{
    /// <summary>Targets listed in configuration.</summary>
    public IReadOnlyList<ScrapeTarget> StaticTargets { get; init; } = [];

    /// <summary>Prometheus-style <c>file_sd</c> JSON files; re-read when they change.</summary>
    public IReadOnlyList<string> FileSdPaths { get; init; } = [];

    /// <summary>How often file_sd files are checked for changes. Default 5 s.</summary>
    public TimeSpan FileSdRefreshInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Default 15 s, as in Prometheus.</summary>
    public TimeSpan DefaultInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Default 10 s, as in Prometheus.</summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Most scrapes in flight at once. Default 64.</summary>
    public int MaxConcurrentScrapes { get; init; } = 64;

    /// <summary>Largest accepted (uncompressed) body. Default 64 MiB.</summary>
    public long MaxBodyBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Most samples accepted from one scrape. Default 1,000,000.</summary>
    public int MaxSamplesPerScrape { get; init; } = 1_000_000;

    /// <summary>Most labels on one sample. Default 64.</summary>
    public int MaxLabelCount { get; init; } = 64;

    /// <summary>Longest label name or value, in bytes. Default 4,096.</summary>
    public int MaxLabelLength { get; init; } = 4096;

    /// <summary>Keep samples no mapper understands as raw rows. Default false: they are counted and dropped.</summary>
    public bool KeepUnmapped { get; init; }

    /// <summary>Ask targets for gzip. Default true, as Prometheus; turn off for loopback or same-node targets to save the inflate CPU.</summary>
    public bool EnableCompression { get; init; } = true;

    /// <summary>Skip documentation elisions (<c>...</c> lines) instead of rejecting the scrape. Default false.</summary>
    public bool Lenient { get; init; }
}
