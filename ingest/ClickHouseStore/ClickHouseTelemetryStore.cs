using Observability.ClickHouseStore.Reading;
using Observability.ClickHouseStore.Schema;
using Observability.ClickHouseStore.Writing;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.ClickHouseStore;

/// <summary>
/// The production store: ClickHouse (18.16 up to current releases) through ClickHouse.Driver over HTTP, on one server
/// or a cluster. Rows go in as Native blocks, one INSERT per table, month and block-sized chunk; reads come back as
/// TabSeparatedWithNamesAndTypes. Writes are serialized behind a gate (the contract allows one writer); reads run
/// concurrently. Every member initializes the schema on first use if the caller has not.
/// </summary>
public sealed partial class ClickHouseTelemetryStore : ITelemetryStore
{
    private readonly ClickHouseStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<ChMigration> _migrations;
    private readonly ChConnection _connection;
    private readonly Topology _topology;
    private readonly ClickHouseStoreMetrics _metrics = new();
    private readonly BatchInserter _inserter;
    private readonly BatchLedger _ledger;
    private readonly ChunkPolicy _chunks;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private volatile bool _initialized;
    private bool _disposed;

    public ClickHouseTelemetryStore(ClickHouseStoreOptions options, TimeProvider? timeProvider = null)
        : this(options, timeProvider ?? TimeProvider.System, ChMigrations.All)
    {
    }

    /// <summary>Takes the migration list so tests can replay the history of an older build.</summary>
    internal ClickHouseTelemetryStore(ClickHouseStoreOptions options, TimeProvider timeProvider, IReadOnlyList<ChMigration> migrations)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid ClickHouse store options: " + string.Join("; ", problems), nameof(options));
        }

        _options = options;
        _time = timeProvider;
        _migrations = migrations;
        _connection = new ChConnection(options);
        _topology = new Topology(options.Database, options.Cluster);
        _inserter = new BatchInserter(_connection, _topology, _metrics, options.InsertParallelism);
        _chunks = new ChunkPolicy(options.MaxRowsPerInsert, options.InsertParallelism);
        _ledger = new BatchLedger(_connection, _topology);
    }

    public string Name => "clickhouse";

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_initialized)
        {
            return;
        }

        await _initGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                await new ChSchemaMigrator(_connection, _topology, _time, _migrations).MigrateAsync(cancellationToken).ConfigureAwait(false);
                _initialized = true;
            }
        }
        finally
        {
            _initGate.Release();
        }
    }

    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await ChSchemaMigrator.ReadVersionAsync(_connection, _topology, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the batch. Every row's time is checked first (ClickHouse's DateTime spans 1970–2106), so a bad row
    /// fails the batch before anything is sent. With a <see cref="RowBatch.BatchId"/>, the ledger makes the write
    /// idempotent: a batch recorded as done is skipped, and one recorded as started (a write that stopped part-way)
    /// sends only the INSERTs whose rows are not stored yet.
    /// </summary>
    public async Task WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        if (batch.IsEmpty)
        {
            return;
        }

        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ITableRows[] tables =
            [
                new TableRows<GpuSample>(TableLayouts.Gpu, batch.GpuSamples, _chunks),
                new TableRows<ServingSample>(TableLayouts.Serving, batch.ServingSamples, _chunks),
                new TableRows<ServingHistogram>(TableLayouts.Histogram, batch.ServingHistograms, _chunks),
                new TableRows<RawSample>(TableLayouts.Raw, batch.RawSamples, _chunks),
                new TableRows<ScrapeStatus>(TableLayouts.Status, batch.ScrapeStatuses, _chunks),
                new TableRows<RequestEvent>(TableLayouts.Request, batch.RequestEvents, _chunks),
            ];

            var id = batch.BatchId;
            // A batch on its first attempt cannot be in the ledger yet: only one that may have landed is looked up.
            var state = id is null || !batch.MayBeStored
                ? LedgerState.Unknown
                : await _ledger.StateAsync(id, cancellationToken).ConfigureAwait(false);
            if (state == LedgerState.Done)
            {
                _metrics.BatchesAlreadyStored.Add(1);
                return;
            }

            if (id is not null && state == LedgerState.Unknown)
            {
                await _ledger.RecordAsync(id, LedgerState.Started, batch.RowCount, Now(), cancellationToken).ConfigureAwait(false);
            }

            // Rows without a caller's id still carry one: it spreads writes over shards and names the INSERT in the rows.
            var rowsId = id ?? Guid.NewGuid().ToString("N");
            await _inserter.InsertAsync(tables, rowsId, state == LedgerState.Started, cancellationToken).ConfigureAwait(false);

            if (id is not null)
            {
                await _ledger.RecordAsync(id, LedgerState.Done, batch.RowCount, Now(), cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            _metrics.WriteErrors.Add(1);
            throw;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<IReadOnlyList<GpuSample>> ReadGpuSamplesAsync(TimeRange range, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await SampleQueries.ReadGpuAsync(_connection, _topology, range, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ServingSample>> ReadServingSamplesAsync(TimeRange range, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await SampleQueries.ReadServingAsync(_connection, _topology, range, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ServingHistogram>> ReadServingHistogramsAsync(TimeRange range, string? metric, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await EventQueries.ReadHistogramsAsync(_connection, _topology, range, metric, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RawSample>> ReadRawSamplesAsync(TimeRange range, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await EventQueries.ReadRawAsync(_connection, _topology, range, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ScrapeStatus>> ReadScrapeStatusesAsync(TimeRange range, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await EventQueries.ReadStatusesAsync(_connection, _topology, range, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RequestEvent>> ReadRequestEventsAsync(TimeRange range, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await EventQueries.ReadRequestsAsync(_connection, _topology, range, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TenantUsage>> QueryTenantUsageAsync(TimeRange range, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await AggregateQueries.TenantUsageAsync(_connection, _topology, range, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<GpuUtilization>> QueryGpuUtilizationAsync(TimeRange range, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await AggregateQueries.GpuUtilizationAsync(_connection, _topology, range, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ModelServingTotals>> QueryModelTotalsAsync(TimeRange range, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await AggregateQueries.ModelTotalsAsync(_connection, _topology, range, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Drops every monthly partition older than <paramref name="firstMonthToKeep"/> (only its year and month count)
    /// from the data tables, the rollups and the batch ledger. Returns what was dropped.
    /// </summary>
    public async Task<IReadOnlyList<DroppedPartition>> DropMonthsBeforeAsync(DateOnly firstMonthToKeep, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var dropped = await Retention.DropBeforeAsync(
                _connection, _topology, (firstMonthToKeep.Year * 100) + firstMonthToKeep.Month, cancellationToken).ConfigureAwait(false);
            _metrics.PartitionsDropped.Add(dropped.Count);
            return dropped;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Waits for an in-flight write so its INSERTs finish (or fail) before the HTTP client goes.
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _inserter.Dispose();
            _connection.Dispose();
            _metrics.Dispose();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Internal for tests: SQL against the store's own server (e.g. to see what is physically stored).</summary>
    internal ChConnection Connection => _connection;

    internal Topology Topology => _topology;

    internal ClickHouseStoreMetrics Metrics => _metrics;

    private DateTime Now() => _time.GetUtcNow().UtcDateTime;
}
