using DuckDB.NET.Data;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.Ingest.DuckDb;

/// <summary>
/// The embedded store: one DuckDB file (or a private in-memory database). Writes go through one connection
/// behind a gate; each read gets a connection of its own to the same database, so readers run concurrently with
/// the writer under DuckDB's MVCC and never see half a batch. Every member initializes the schema on first use
/// if the caller has not. DuckDB locks the file: one process at a time.
/// </summary>
public sealed partial class DuckDbTelemetryStore : ITelemetryStore
{
    private readonly string _connectionString;
    private readonly bool _inMemory;
    private readonly TimeProvider _timeProvider;
    private readonly IReadOnlyList<SchemaMigration> _migrations;
    private readonly QueryMemory? _queryMemory;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DuckDBConnection? _connection;
    private bool _disposed;

    public DuckDbTelemetryStore(DuckDbStoreOptions options, TimeProvider? timeProvider = null)
        : this(options, timeProvider ?? TimeProvider.System, SchemaMigrations.All)
    {
    }

    /// <summary>Takes the migration list so tests can replay the history of an older build.</summary>
    internal DuckDbTelemetryStore(DuckDbStoreOptions options, TimeProvider timeProvider, IReadOnlyList<SchemaMigration> migrations)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataSource, nameof(options));
        var builder = new DuckDBConnectionStringBuilder { DataSource = options.DataSource };
        if (!string.IsNullOrWhiteSpace(options.MemoryLimit))
        {
            builder.MemoryLimit = options.MemoryLimit;
        }

        if (options.Threads is { } threads)
        {
            builder["threads"] = threads;
        }

        builder["checkpoint_threshold"] = options.CheckpointThreshold;
        foreach (var (name, value) in options.Settings)
        {
            // wal_autocheckpoint is DuckDB's alias of checkpoint_threshold: one key, so the user's value wins.
            builder[name.Equals("wal_autocheckpoint", StringComparison.OrdinalIgnoreCase) ? "checkpoint_threshold" : name] = value;
        }

        _connectionString = builder.ConnectionString;
        _inMemory = options.DataSource.StartsWith(":memory:", StringComparison.Ordinal);
        _timeProvider = timeProvider;
        _migrations = migrations;

        // An in-memory database cannot evict what it holds, so it keeps one limit.
        _queryMemory = _inMemory || string.IsNullOrWhiteSpace(options.IdleMemoryLimit) ? null : new QueryMemory(options.MemoryLimit, options.IdleMemoryLimit);
    }

    public string Name => "duckdb";

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            EnsureOpen();
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken) =>
        ReadAsync(SchemaMigrator.ReadVersion, cancellationToken);

    public async Task WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = EnsureOpen();
            if (!batch.IsEmpty)
            {
                DuckDbBatchWriter.Write(connection, batch, _timeProvider.GetUtcNow().UtcDateTime);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<GpuSample>> ReadGpuSamplesAsync(TimeRange range, CancellationToken cancellationToken) =>
        await ReadAsync(c => SampleQueries.ReadGpu(c, range), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<ServingSample>> ReadServingSamplesAsync(TimeRange range, CancellationToken cancellationToken) =>
        await ReadAsync(c => SampleQueries.ReadServing(c, range), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<ServingHistogram>> ReadServingHistogramsAsync(TimeRange range, string? metric, CancellationToken cancellationToken) =>
        await ReadAsync(c => EventQueries.ReadHistograms(c, range, metric), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<RawSample>> ReadRawSamplesAsync(TimeRange range, CancellationToken cancellationToken) =>
        await ReadAsync(c => EventQueries.ReadRaw(c, range), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<ScrapeStatus>> ReadScrapeStatusesAsync(TimeRange range, CancellationToken cancellationToken) =>
        await ReadAsync(c => EventQueries.ReadStatuses(c, range), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<RequestEvent>> ReadRequestEventsAsync(TimeRange range, CancellationToken cancellationToken) =>
        await ReadAsync(c => RequestQueries.ReadEvents(c, range), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<TenantUsage>> QueryTenantUsageAsync(TimeRange range, CancellationToken cancellationToken) =>
        await ReadAsync(c => RequestQueries.TenantUsage(c, range), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<GpuUtilization>> QueryGpuUtilizationAsync(TimeRange range, CancellationToken cancellationToken) =>
        await ReadAsync(c => AggregateQueries.GpuUtilization(c, range), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<ModelServingTotals>> QueryModelTotalsAsync(TimeRange range, CancellationToken cancellationToken) =>
        await ReadAsync(c => AggregateQueries.ModelTotals(c, range), cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        // Waits for an in-flight write so the file is closed after its commit, not during it.
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            _connection?.Dispose();
            _connection = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Runs a query on a connection of its own; the gate is held only to create it. An in-memory database is
    /// reachable only through a duplicate of its connection; a file is shared by DuckDB.NET between connections
    /// opened on the same path in one process. Internal for tests.
    /// </summary>
    internal async Task<T> ReadAsync<T>(Func<DuckDBConnection, T> query, CancellationToken cancellationToken)
    {
        DuckDBConnection reader;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var primary = EnsureOpen();
            reader = _inMemory ? primary.Duplicate() : new DuckDBConnection(_connectionString);
        }
        finally
        {
            _gate.Release();
        }

        using (reader)
        {
            cancellationToken.ThrowIfCancellationRequested();
            reader.Open();
            return WithQueryMemory(reader, query);
        }
    }

    /// <summary>Runs work that may need more memory than ingest (a query, an analytics write) under the query limit.</summary>
    private T WithQueryMemory<T>(DuckDBConnection connection, Func<DuckDBConnection, T> work)
    {
        _queryMemory?.Enter(connection);
        try
        {
            return work(connection);
        }
        finally
        {
            _queryMemory?.Exit(connection);
        }
    }

    /// <summary>Opens the database and migrates it the first time; the caller holds the gate.</summary>
    private DuckDBConnection EnsureOpen()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_connection is not null)
        {
            return _connection;
        }

        var connection = new DuckDBConnection(_connectionString);
        try
        {
            connection.Open();
            new SchemaMigrator(connection, _timeProvider, _migrations).Migrate();
            _queryMemory?.Start(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        _connection = connection;
        return connection;
    }
}
