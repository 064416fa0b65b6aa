namespace Observability.Host.Service;

/// <summary>
/// The JSON configuration file of <c>obs run</c>, as written by an operator. Durations are
/// Prometheus-style strings (<c>500ms</c>, <c>15s</c>, <c>1m</c>). Every section is optional;
/// the README's configuration reference lists each key with its default.
/// </summary>
internal sealed record ServiceConfigFile
{
    public StoreSection? Store { get; init; }

    public ScrapeSection? Scrape { get; init; }

    public WriterSection? Writer { get; init; }

    public SpoolSection? Spool { get; init; }

    public HttpSection? Http { get; init; }

    public SloSection? Slo { get; init; }

    public RemoteWriteSection? RemoteWrite { get; init; }

    public OtlpSection? Otlp { get; init; }

    public CostSection? Cost { get; init; }
}

/// <summary>The hourly cost allocation job: on when the section is present (unless <c>Enabled</c> is false).</summary>
internal sealed record CostSection
{
    public bool? Enabled { get; init; }

    /// <summary>The cost options file (README, "Allocation job, options and commands"), relative to the configuration file; defaults when absent.</summary>
    public string? Options { get; init; }
}

internal sealed record StoreSection
{
    /// <summary><c>duckdb</c> (the embedded default) or <c>clickhouse</c>.</summary>
    public string? Kind { get; init; }

    public string? Path { get; init; }

    /// <summary>DuckDB's memory limit, e.g. <c>256MB</c>; default: DuckDB's own (80% of RAM).</summary>
    public string? MemoryLimit { get; init; }

    /// <summary>DuckDB's memory limit while no query runs, e.g. <c>128MB</c>; <c>off</c> keeps <see cref="MemoryLimit"/> throughout.</summary>
    public string? IdleMemoryLimit { get; init; }

    /// <summary>DuckDB worker threads; default DuckDB's (one per core).</summary>
    public int? Threads { get; init; }

    /// <summary>Further DuckDB options by name, e.g. <c>{"checkpoint_threshold": "64MB"}</c>.</summary>
    public Dictionary<string, string>? Settings { get; init; }

    /// <summary>The ClickHouse server or cluster, when <see cref="Kind"/> is <c>clickhouse</c>.</summary>
    public ClickHouseSection? ClickHouse { get; init; }
}

internal sealed record ClickHouseSection
{
    /// <summary>The HTTP interface, default <c>http://127.0.0.1:8123</c>.</summary>
    public string? Endpoint { get; init; }

    public string? Database { get; init; }

    public string? User { get; init; }

    public string? Password { get; init; }

    /// <summary>A cluster from the servers' <c>remote_servers</c>: ON CLUSTER DDL, replicated tables, Distributed tables.</summary>
    public string? Cluster { get; init; }

    /// <summary>How long one request may take, e.g. <c>5m</c>.</summary>
    public string? RequestTimeout { get; init; }

    public int? MaxRowsPerInsert { get; init; }

    public int? InsertParallelism { get; init; }
}

internal sealed record ScrapeSection
{
    public string? DefaultInterval { get; init; }

    public string? DefaultTimeout { get; init; }

    public int? MaxConcurrentScrapes { get; init; }

    public long? MaxBodyBytes { get; init; }

    public int? MaxSamplesPerScrape { get; init; }

    public int? MaxLabelCount { get; init; }

    public int? MaxLabelLength { get; init; }

    public bool? KeepUnmapped { get; init; }

    public bool? Lenient { get; init; }

    public bool? EnableCompression { get; init; }

    public List<TargetSection>? Targets { get; init; }

    public List<string>? FileSd { get; init; }

    public string? FileSdRefreshInterval { get; init; }
}

internal sealed record TargetSection
{
    public string? Url { get; init; }

    public string? Job { get; init; }

    public string? Interval { get; init; }

    public string? Timeout { get; init; }

    public Dictionary<string, string>? Labels { get; init; }

    public bool? KeepUnmapped { get; init; }
}

internal sealed record WriterSection
{
    public int? MaxBatchRows { get; init; }

    public string? FlushInterval { get; init; }

    public int? MaxBufferedRows { get; init; }
}

internal sealed record HttpSection
{
    /// <summary>Where /metrics and /healthz listen. Default <c>http://127.0.0.1:9464</c>.</summary>
    public string? Listen { get; init; }
}

internal sealed record RemoteWriteSection
{
    public bool? Enabled { get; init; }

    public long? MaxBodyBytes { get; init; }

    public long? MaxDecodedBytes { get; init; }

    public string? AssemblyDelay { get; init; }

    public int? MaxPendingSamples { get; init; }

    public string? MaxFutureSkew { get; init; }

    public int? MaxLabelCount { get; init; }

    public int? MaxLabelLength { get; init; }

    public bool? KeepUnmapped { get; init; }

    public string? RetryAfter { get; init; }

    public List<RemoteWriteSourceSection>? Sources { get; init; }
}

internal sealed record RemoteWriteSourceSection
{
    /// <summary>Regular expression matched against the whole <c>job</c> label.</summary>
    public string? Job { get; init; }

    public List<string>? Mappers { get; init; }

    public bool? KeepUnmapped { get; init; }
}

/// <summary>The OTLP receiver. Present means on (unless <c>Enabled</c> is false); absent means off.</summary>
internal sealed record OtlpSection
{
    public bool? Enabled { get; init; }

    /// <summary>OTLP/HTTP listener; default <c>http://127.0.0.1:4318</c>.</summary>
    public string? HttpListen { get; init; }

    /// <summary>OTLP/gRPC listener; default <c>http://127.0.0.1:4317</c>; empty string turns gRPC off.</summary>
    public string? GrpcListen { get; init; }

    public long? MaxBodyBytes { get; init; }

    public string? TenantAttribute { get; init; }

    public List<string>? TenantFallbacks { get; init; }

    public string? RetryAfter { get; init; }

    public string? MaxFutureSkew { get; init; }

    public int? MaxCumulativeSeries { get; init; }
}
