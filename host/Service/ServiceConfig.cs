using Observability.Collectors.Otlp;
using Observability.Collectors.Scraping;
using Observability.Ingest.Spool;
using Observability.ClickHouseStore;
using Observability.Ingest.DuckDb;
using Observability.RemoteWrite;

namespace Observability.Host.Service;

/// <summary>
/// The validated configuration of the service: what <see cref="ServiceConfigLoader"/> produces. The store is the
/// DuckDB file at <see cref="StorePath"/> unless <see cref="ClickHouse"/> is set. A null <see cref="Spool"/> means no
/// disk spool: a store outage is ridden out in the writer's memory only. A null <see cref="Slo"/> means no SLO files
/// are configured.
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
    SpoolOptions? Spool = null,
    ClickHouseStoreOptions? ClickHouse = null,
    SloSettings? Slo = null)
{
    /// <summary>Where rows go, for start-up messages (never includes a password).</summary>
    public string StoreDescription => ClickHouse is { } ch
        ? $"ClickHouse {ch.Endpoint} database {ch.Database}" + (ch.Cluster is null ? string.Empty : $" on cluster {ch.Cluster}")
        : StorePath;

    /// <summary>DuckDB's memory limit while no query runs; null keeps <see cref="StoreMemoryLimit"/> throughout.</summary>
    public string? StoreIdleMemoryLimit { get; init; }

    /// <summary>The embedded store's options, when <see cref="ClickHouse"/> is not set.</summary>
    public DuckDbStoreOptions DuckDbOptions => new()
    {
        DataSource = StorePath,
        MemoryLimit = StoreMemoryLimit,
        IdleMemoryLimit = StoreIdleMemoryLimit,
        Threads = StoreThreads,
        Settings = StoreSettings,
    };

    /// <summary>The <c>POST /api/v1/write</c> intake on the same listener; off unless configured.</summary>
    public RemoteWriteOptions RemoteWrite { get; init; } = new();

    /// <summary>The OTLP receiver, or null when the configuration has no <c>Otlp</c> section (or disables it).</summary>
    public OtlpOptions? Otlp { get; init; }

    /// <summary>The hourly cost allocation job's options; null when the job is off.</summary>
    public Analytics.Cost.CostOptions? Cost { get; init; }
}
