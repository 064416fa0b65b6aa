namespace Observability.RemoteWrite;

/// <summary>
/// Settings of the <c>POST /api/v1/write</c> intake (config section <c>RemoteWrite</c>). Defaults suit a Prometheus
/// with its default queue settings (<c>batch_send_deadline</c> 5s).
/// </summary>
public sealed record RemoteWriteOptions
{
    /// <summary>Whether <c>obs run</c> serves the endpoint at all. Default false.</summary>
    public bool Enabled { get; init; }

    /// <summary>Largest snappy-compressed body accepted; larger answers 413. Default 16 MiB.</summary>
    public long MaxBodyBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Largest body once decompressed (as the snappy header declares it); larger answers 413. Default 64 MiB.</summary>
    public long MaxDecodedBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>
    /// How long the samples of one target and timestamp are gathered before they are mapped as one scrape, counted
    /// from the first of them to arrive. A writer's shards send the pieces of one scrape independently, each within
    /// its <c>batch_send_deadline</c>, so this should exceed that deadline. Default 10s.
    /// </summary>
    public TimeSpan AssemblyDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Samples held while scrapes are assembled, all targets together; beyond it requests answer 503. Default 2,000,000.</summary>
    public int MaxPendingSamples { get; init; } = 2_000_000;

    /// <summary>Samples stamped further ahead of this clock than this are rejected (a bad clock must not poison a target's order). Default 10m.</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Labels per series, as for scraping. Default 64.</summary>
    public int MaxLabelCount { get; init; } = 64;

    /// <summary>Length of a label name or value, as for scraping. Default 4096.</summary>
    public int MaxLabelLength { get; init; } = 4096;

    /// <summary>Keep samples no mapper understands in <c>raw_samples</c> (a rule can override it per job). Default false.</summary>
    public bool KeepUnmapped { get; init; }

    /// <summary>Seconds a saturated intake asks the writer to wait (<c>Retry-After</c>). Default 5s.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Which mappers see which job's series; first match wins; no match means every mapper, as for scraping.</summary>
    public IReadOnlyList<RemoteWriteSourceRule> Sources { get; init; } = [];
}

/// <summary>
/// Restricts the mappers applied to the series of matching jobs, like choosing what a scrape target is. A job
/// that matches no rule gets every mapper, each claiming series by metric name.
/// </summary>
public sealed record RemoteWriteSourceRule
{
    /// <summary>A regular expression matched against the whole <c>job</c> label.</summary>
    public required string Job { get; init; }

    /// <summary>Mapper names (<c>dcgm</c>, <c>vllm</c>, <c>triton</c>); empty means none: every series is unmapped.</summary>
    public IReadOnlyList<string> Mappers { get; init; } = [];

    /// <summary>Overrides <see cref="RemoteWriteOptions.KeepUnmapped"/> for these jobs.</summary>
    public bool? KeepUnmapped { get; init; }
}
