namespace Observability.Ingest.DuckDb;

/// <summary>Options of the embedded DuckDB store.</summary>
public sealed class DuckDbStoreOptions
{
    /// <summary>The database file, or <c>:memory:</c> for a private in-memory database (tests). Default <c>observability.duckdb</c>.</summary>
    public string DataSource { get; init; } = "observability.duckdb";

    /// <summary>
    /// DuckDB's memory limit while a query or an analytics write runs, e.g. <c>2GB</c>; null leaves DuckDB's default
    /// (80% of RAM).
    /// </summary>
    public string? MemoryLimit { get; init; }

    /// <summary>
    /// DuckDB's memory limit while no query runs, i.e. while the store only ingests; null (the default) keeps
    /// <see cref="MemoryLimit"/> throughout. DuckDB caches every block it writes up to its limit, so without this a
    /// collector's memory grows with its file. It must hold the rows written since the last checkpoint, which DuckDB
    /// cannot evict (a 256 KB block per column of every table written, about 40 MB for a dcgm-only fleet, plus the
    /// growth up to <see cref="CheckpointThreshold"/>): a commit or checkpoint that runs out of memory invalidates the
    /// database until the process restarts, and the spool holds every batch meanwhile. Ignored for an in-memory
    /// database, which cannot evict.
    /// </summary>
    public string? IdleMemoryLimit { get; init; }

    /// <summary>
    /// DuckDB worker threads; null leaves DuckDB's default (one per core). A collector writes small
    /// batches, where extra workers mostly cost wake-ups; analytical queries gain from more.
    /// </summary>
    public int? Threads { get; init; }

    /// <summary>
    /// WAL size at which DuckDB checkpoints (its <c>checkpoint_threshold</c>). At DuckDB's own default, 16 MB, a
    /// collector of ~100,000 series checkpoints every half minute; at 64 MB every two minutes, and its peak resident
    /// memory was 12–13 % lower in the whole-process benchmark (302 and 308 MB against 349 MB), with CPU unchanged within
    /// noise. A larger value costs WAL replay time at start. <see cref="Settings"/> naming <c>checkpoint_threshold</c>
    /// or its alias <c>wal_autocheckpoint</c> take precedence. Default <c>64MB</c>.
    /// </summary>
    public string CheckpointThreshold { get; init; } = "64MB";

    /// <summary>Further DuckDB configuration options by name (e.g. <c>checkpoint_threshold</c>), passed through as set.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}
