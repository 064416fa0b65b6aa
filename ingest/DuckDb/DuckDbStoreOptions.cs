namespace Observability.Ingest.DuckDb;

/// <summary>Options of the embedded DuckDB store.</summary>
public sealed class DuckDbStoreOptions
{
    /// <summary>The database file, or <c>:memory:</c> for a private in-memory database (tests). Default <c>observability.duckdb</c>.</summary>
    public string DataSource { get; init; } = "observability.duckdb";

    /// <summary>DuckDB's memory limit, e.g. <c>2GB</c>; null leaves DuckDB's default (80% of RAM).</summary>
    public string? MemoryLimit { get; init; }

    /// <summary>
    /// DuckDB worker threads; null leaves DuckDB's default (one per core). A collector writes small
    /// batches, where extra workers mostly cost wake-ups; analytical queries gain from more.
    /// </summary>
    public int? Threads { get; init; }

    /// <summary>Further DuckDB configuration options by name (e.g. <c>checkpoint_threshold</c>), passed through as set.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}
