using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.Ingest.Spool;

/// <summary>
/// A store in front of a store: a batch the inner store cannot take (its write throws) goes to a <see cref="DiskSpool"/>
/// instead, and a background loop replays the spool into the store, oldest first, with doubling waits while it keeps
/// failing. While the spool holds anything, new batches go behind it, so no row overtakes an older one. Replays reuse
/// the batch id given when the batch was first written, so a batch stored just before a crash or a lost reply is not
/// stored twice. Reads pass straight through (rows still in the spool are not visible until replayed).
/// <para>
/// A write returns once the rows are in the store or in the spool. When they fit in neither, it throws
/// <see cref="SpoolFullException"/> (counted): the <see cref="Writer.BatchingWriter"/> keeps them and retries, and
/// refuses producers when its memory is full. Safe for one writer and concurrent readers, like every store.
/// </para>
/// </summary>
public sealed class SpoolingStore : ITelemetryStore
{
    private readonly ITelemetryStore _inner;
    private readonly SpoolOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SpoolInstruments _instruments;
    private readonly DiskSpool _spool;
    private readonly Lock _spoolLock = new();
    private readonly SemaphoreSlim _storeGate = new(1, 1); // one write into the inner store at a time: direct or replay
    private readonly Channel<bool> _backlog = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _replay;
    private bool _full; // log once per episode, not per refused attempt
    private long _drainBatches; // replayed since the backlog last started, for the drained log line
    private long _drainRows;
    private int _disposed;
    private bool _closed; // the spool's files are closed: nothing may be appended (guarded by _spoolLock)

    public SpoolingStore(
        ITelemetryStore inner,
        SpoolOptions options,
        TimeProvider? timeProvider = null,
        ILogger<SpoolingStore>? logger = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        SpoolOptionsValidator.ThrowIfInvalid(options);
        _inner = inner;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        DiskSpool? spool = null;
        _instruments = new SpoolInstruments(meterFactory, inner.Name, () => spool?.Bytes ?? 0, () => spool?.Records ?? 0);
        try
        {
            spool = DiskSpool.Open(options, _logger, _instruments);
        }
        catch
        {
            _instruments.Dispose();
            throw;
        }

        _spool = spool;
        _replay = Task.Run(ReplayLoopAsync);
        _backlog.Writer.TryWrite(true); // replay whatever an earlier run left
    }

    public string Name => _inner.Name;

    /// <summary>Batches in the spool, not yet in the store.</summary>
    public int SpooledBatches => _spool.Records;

    /// <summary>Bytes of the spool's files on disk.</summary>
    public long SpooledBytes => _spool.Bytes;

    public string SpoolDirectory => _options.Directory;

    public Task InitializeAsync(CancellationToken cancellationToken) => _inner.InitializeAsync(cancellationToken);

    public Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken) => _inner.GetSchemaVersionAsync(cancellationToken);

    /// <summary>
    /// Writes the batch to the store, or spools it when the store fails or a backlog is waiting. Gives the batch an id
    /// when it has none, so that its replay is idempotent. Throws <see cref="SpoolFullException"/> when it fits nowhere.
    /// </summary>
    public async Task WriteAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (batch.IsEmpty)
        {
            return;
        }

        batch.BatchId ??= BatchIds.New(_time);
        lock (_spoolLock)
        {
            // Only this method appends and writes are not concurrent, so a backlog seen empty here stays empty.
            if (!_spool.IsEmpty)
            {
                AppendLocked(batch, failure: null);
                return;
            }
        }

        await _storeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            await _inner.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not ObjectDisposedException || Volatile.Read(ref _disposed) == 0)
        {
            // Any failure, timeouts and cancellation included: the rows are safe on disk, and the id makes a write
            // that did land before the failure harmless to replay.
            batch.MayBeStored = true;
            lock (_spoolLock)
            {
                AppendLocked(batch, failure);
            }
        }
        finally
        {
            _storeGate.Release();
        }
    }

    public Task<IReadOnlyList<GpuSample>> ReadGpuSamplesAsync(TimeRange range, CancellationToken cancellationToken) =>
        _inner.ReadGpuSamplesAsync(range, cancellationToken);

    public Task<IReadOnlyList<ServingSample>> ReadServingSamplesAsync(TimeRange range, CancellationToken cancellationToken) =>
        _inner.ReadServingSamplesAsync(range, cancellationToken);

    public Task<IReadOnlyList<ServingHistogram>> ReadServingHistogramsAsync(TimeRange range, string? metric, CancellationToken cancellationToken) =>
        _inner.ReadServingHistogramsAsync(range, metric, cancellationToken);

    public Task<IReadOnlyList<RawSample>> ReadRawSamplesAsync(TimeRange range, CancellationToken cancellationToken) =>
        _inner.ReadRawSamplesAsync(range, cancellationToken);

    public Task<IReadOnlyList<ScrapeStatus>> ReadScrapeStatusesAsync(TimeRange range, CancellationToken cancellationToken) =>
        _inner.ReadScrapeStatusesAsync(range, cancellationToken);

    public Task<IReadOnlyList<RequestEvent>> ReadRequestEventsAsync(TimeRange range, CancellationToken cancellationToken) =>
        _inner.ReadRequestEventsAsync(range, cancellationToken);

    public Task<IReadOnlyList<TenantUsage>> QueryTenantUsageAsync(TimeRange range, CancellationToken cancellationToken) =>
        _inner.QueryTenantUsageAsync(range, cancellationToken);

    public Task<IReadOnlyList<GpuUtilization>> QueryGpuUtilizationAsync(TimeRange range, CancellationToken cancellationToken) =>
        _inner.QueryGpuUtilizationAsync(range, cancellationToken);

    public Task<IReadOnlyList<ModelServingTotals>> QueryModelTotalsAsync(TimeRange range, CancellationToken cancellationToken) =>
        _inner.QueryModelTotalsAsync(range, cancellationToken);

    /// <summary>Stops replaying (an attempt in flight finishes), closes the spool with its backlog kept for the next run, then the inner store.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _replay.ConfigureAwait(false);
        await _storeGate.WaitAsync().ConfigureAwait(false); // a direct write in flight finishes first
        lock (_spoolLock)
        {
            _closed = true;
            _spool.Dispose();
        }

        _storeGate.Release(); // a late writer waiting here sees the store disposed rather than hanging
        _instruments.Dispose();
        _stop.Dispose();
        await _inner.DisposeAsync().ConfigureAwait(false);
    }

    private void AppendLocked(RowBatch batch, Exception? failure)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        var wasEmpty = _spool.IsEmpty;
        if (!_spool.TryAppend(batch, out var bytes))
        {
            _instruments.FullRejection();
            if (!_full)
            {
                _full = true;
                SpoolLog.Full(_logger, _options.Directory, _spool.Bytes, _options.MaxBytes, batch.RowCount);
            }

            var message =
                $"the spool {_options.Directory} is full ({_spool.Bytes} of {_options.MaxBytes} bytes) while {_inner.Name} catches up; " +
                $"a batch of {batch.RowCount} rows ({bytes} bytes) was refused";
            throw failure is null ? new SpoolFullException(message) : new SpoolFullException(message, failure);
        }

        _full = false;
        _instruments.Spooled(batch.RowCount, bytes);
        if (wasEmpty)
        {
            _drainBatches = 0;
            _drainRows = 0;
            if (failure is not null)
            {
                SpoolLog.SpoolingStarted(_logger, failure, batch.RowCount, _inner.Name, _options.Directory);
            }
        }

        _backlog.Writer.TryWrite(true);
    }

    private async Task ReplayLoopAsync()
    {
        var failures = 0;
        var stop = _stop.Token;
        try
        {
            while (true)
            {
                if (IsEmpty())
                {
                    failures = 0;
                    await _backlog.Reader.ReadAsync(stop).ConfigureAwait(false);
                    continue;
                }

                Exception? failure;
                int rows;
                try
                {
                    (failure, rows) = await ReplayOldestAsync(stop).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    // The spool's own files failed (a read, the cursor): the loop must live on and try again.
                    _instruments.ReplayError();
                    (failure, rows) = (e, 0);
                }

                if (failure is null)
                {
                    failures = 0;
                    continue;
                }

                failures++;
                var delay = ReplayDelay(failures);
                SpoolLog.ReplayFailed(_logger, failure, rows, _inner.Name, failures, delay);
                await Task.Delay(delay, _time, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private bool IsEmpty()
    {
        lock (_spoolLock)
        {
            return _spool.IsEmpty;
        }
    }

    /// <summary>One attempt at the oldest spooled batch; on failure the batch stays first and the store's exception is returned.</summary>
    private async Task<(Exception? Failure, int Rows)> ReplayOldestAsync(CancellationToken stop)
    {
        await _storeGate.WaitAsync(stop).ConfigureAwait(false);
        try
        {
            RowBatch? batch;
            lock (_spoolLock)
            {
                batch = _spool.Oldest();
            }

            if (batch is null)
            {
                return (null, 0);
            }

            try
            {
                // Not cancellable: stopping waits for the attempt, so the acknowledgement matches what the store did.
                await _inner.WriteAsync(batch, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _instruments.ReplayError();
                return (e, batch.RowCount);
            }

            lock (_spoolLock)
            {
                // Counted first: the store has the rows, and whoever sees the backlog shrink must see them counted.
                _instruments.Replayed(batch.RowCount);
                _spool.AcknowledgeOldest();
                _drainBatches++;
                _drainRows += batch.RowCount;
                if (_spool.IsEmpty)
                {
                    SpoolLog.BacklogDrained(_logger, _drainBatches, _drainRows, _inner.Name);
                }
            }

            return (null, batch.RowCount);
        }
        finally
        {
            _storeGate.Release();
        }
    }

    /// <summary>The wait after <paramref name="failures"/> failed replays in a row: initial × 2^(n−1), capped.</summary>
    private TimeSpan ReplayDelay(int failures)
    {
        var delay = _options.InitialReplayDelay;
        for (var i = 1; i < failures && delay < _options.MaxReplayDelay; i++)
        {
            delay += delay;
        }

        return delay < _options.MaxReplayDelay ? delay : _options.MaxReplayDelay;
    }
}
