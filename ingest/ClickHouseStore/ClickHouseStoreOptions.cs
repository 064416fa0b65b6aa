namespace Observability.ClickHouseStore;

/// <summary>Options of the ClickHouse store. Every default suits a single server on the same machine.</summary>
public sealed class ClickHouseStoreOptions
{
    /// <summary>The server's HTTP interface. Default <c>http://127.0.0.1:8123</c>.</summary>
    public Uri Endpoint { get; init; } = new("http://127.0.0.1:8123");

    /// <summary>The database holding the tables; created when missing. Default <c>observability</c>.</summary>
    public string Database { get; init; } = "observability";

    public string User { get; init; } = "default";

    public string Password { get; init; } = string.Empty;

    /// <summary>
    /// A cluster name from the servers' <c>remote_servers</c>: DDL runs <c>ON CLUSTER</c>, data lives in
    /// <c>ReplicatedMergeTree</c> tables named <c>*_local</c> with <c>Distributed</c> tables in front. Null: one server.
    /// </summary>
    public string? Cluster { get; init; }

    /// <summary>How long one HTTP request (a query, an insert or a DDL statement) may take. Default 5 minutes.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Rows per INSERT. Each INSERT holds one month (one partition) and stays below the server's
    /// <c>max_insert_block_size</c> (1,048,576), so the server writes it as one part: all or nothing. Default 100,000.
    /// </summary>
    public int MaxRowsPerInsert { get; init; } = 100_000;

    /// <summary>
    /// INSERTs of one write sent at once. The server stores each INSERT on one thread, so a large batch
    /// (a backfill, a spool replay) is cut into this many chunks of at least 131,072 rows and sent in parallel.
    /// Default 2; 1 sends one INSERT at a time.
    /// </summary>
    public int InsertParallelism { get; init; } = 2;

    /// <summary>Every problem with these options, each naming its option; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Endpoint is null || !Endpoint.IsAbsoluteUri || Endpoint.Scheme is not ("http" or "https"))
        {
            problems.Add($"Endpoint: '{Endpoint}' must be an absolute http:// or https:// URL");
        }

        if (string.IsNullOrWhiteSpace(Database) || !Identifiers.IsPlain(Database))
        {
            problems.Add($"Database: '{Database}' must be letters, digits and underscores, not starting with a digit");
        }

        if (string.IsNullOrEmpty(User))
        {
            problems.Add("User: must not be empty");
        }

        if (Cluster is not null && !Identifiers.IsPlain(Cluster))
        {
            problems.Add($"Cluster: '{Cluster}' must be letters, digits and underscores, not starting with a digit");
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            problems.Add($"RequestTimeout: must be positive (got {RequestTimeout})");
        }

        if (MaxRowsPerInsert is < 1 or > 1_000_000)
        {
            problems.Add($"MaxRowsPerInsert: must be between 1 and 1,000,000 (got {MaxRowsPerInsert})");
        }

        if (InsertParallelism is < 1 or > 16)
        {
            problems.Add($"InsertParallelism: must be between 1 and 16 (got {InsertParallelism})");
        }

        return problems;
    }
}
