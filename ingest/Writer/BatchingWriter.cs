using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Ingest.Contract;

namespace Observability.Ingest.Writer;

/// <summary>
/// The stage between collectors and the store: buffers batches in bounded memory and writes them from one background
/// loop when <see cref="BatchingWriterOptions.MaxBatchRows"/> rows are waiting or the oldest has waited
/// <see cref="BatchingWriterOptions.FlushInterval"/>. A failing store is retried with backoff while the rows stay
/// buffered. Rows are never dropped silently: a full buffer refuses new rows (counted), and rows are given up only at
/// shutdown with the store still failing (counted and logged). The writer owns the batches handed to it.
/// </summary>
public sealed class BatchingWriter : IRowSink, IAsyncDisposable
{
    private readonly string _storeName;
    private readonly BatchingWriterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WriterInstruments _instruments;
    private readonly RetryingStoreWrite _write;
    private readonly LoopWakeup _wakeup;
    private readonly Lock _lock = new();
    private readonly PendingRows _pending = new();
    private readonly FlushWaiters _flushWaiters = new();
    private readonly Task _loop;
    private TaskCompletionSource _roomFreed = NewSignal();
    private long _acceptedRows; // running totals: flushes wait for _settledRows to catch up with _acceptedRows
    private long _settledRows;
    private int _bufferedRows; // accepted and not yet settled: pending plus the batch in flight
    private long _resumeAt; // after a failed cycle, size and time triggers wait until this timestamp
    private bool _stopping;

    public BatchingWriter(
        ITelemetryStore store,
        BatchingWriterOptions options,
        TimeProvider? timeProvider = null,
        ILogger<BatchingWriter>? logger = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        BatchingWriterOptionsValidator.ThrowIfInvalid(options);
        _storeName = store.Name;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _instruments = new WriterInstruments(meterFactory, store.Name, () => BufferedRows);
        _write = new RetryingStoreWrite(store, options, _time, _logger, _instruments);
        _wakeup = new LoopWakeup(_time);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Rows held in memory, including a batch being written or retried.</summary>
    public int BufferedRows => Volatile.Read(ref _bufferedRows);

    /// <summary>Buffers the batch if it fits; otherwise (or once disposed) returns false and counts its rows as rejected.</summary>
    public bool TryEnqueue(RowBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var rows = batch.RowCount;
        bool accepted;
        lock (_lock)
        {
            accepted = !_stopping && TryAddLocked(batch, rows);
        }

        if (!accepted)
        {
            _instruments.Rejected(rows);
        }

        return accepted;
    }

    /// <summary>Buffers the batch, waiting for room. Throws if the batch alone exceeds the buffer, or once disposed.</summary>
    public async ValueTask EnqueueAsync(RowBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var rows = batch.RowCount;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, _options.MaxBufferedRows, nameof(batch));
        while (true)
        {
            Task room;
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_stopping, this);
                if (TryAddLocked(batch, rows))
                {
                    return;
                }

                room = _roomFreed.Task;
            }

            await room.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The collectors' seam: waits for room, which is how a full pipeline slows producers down.</summary>
    ValueTask IRowSink.WriteAsync(RowBatch batch, CancellationToken cancellationToken) => EnqueueAsync(batch, cancellationToken);

    /// <summary>
    /// Writes every row buffered before the call and waits for it. If a whole write cycle fails, throws the store's
    /// last exception; the rows stay buffered for later cycles. Cancelling stops the wait, not the write.
    /// </summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        Task done;
        lock (_lock)
        {
            if (_bufferedRows == 0)
            {
                return Task.CompletedTask;
            }

            done = _flushWaiters.Add(_acceptedRows);
        }

        _wakeup.Wake();
        return done.WaitAsync(cancellationToken);
    }

    /// <summary>Writes what is buffered (one last cycle if the store fails) and stops the loop. Producers are refused from here on.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _stopping = true;
            SignalRoomLocked(); // producers waiting for room wake up and see the writer has stopped
        }

        _wakeup.Wake();
        await _loop.ConfigureAwait(false);
        await _wakeup.DisposeAsync().ConfigureAwait(false);
        _instruments.Dispose();
    }

    private bool TryAddLocked(RowBatch batch, int rows)
    {
        if (rows == 0)
        {
            return true;
        }

        if (_bufferedRows + rows > _options.MaxBufferedRows)
        {
            return false;
        }

        var now = _time.GetTimestamp();
        if (_pending.IsEmpty)
        {
            // Armed here rather than by the loop, so the interval counts from this row even while the loop is busy.
            _wakeup.Arm(_wakeup.After(now, _options.FlushInterval));
        }

        _pending.Add(batch, now);
        _acceptedRows += rows;
        Volatile.Write(ref _bufferedRows, _bufferedRows + rows);
        _instruments.Received(rows);
        if (_pending.Rows >= _options.MaxBatchRows)
        {
            _wakeup.Wake();
        }

        return true;
    }

    private async Task RunAsync()
    {
        while (true)
        {
            RowBatch? batch;
            long enqueuedAt;
            lock (_lock)
            {
                if (_pending.IsEmpty && _stopping)
                {
                    return;
                }

                (batch, enqueuedAt) = NextBatchLocked();
            }

            if (batch is null)
            {
                await _wakeup.WaitAsync().ConfigureAwait(false);
                continue;
            }

            // Named once, when first handed to the store: every retry and any replay from a spool reuse the id, so a
            // write that landed although it seemed to fail is not stored twice.
            batch.BatchId ??= BatchIds.New(_time);
            var failure = await _write.WriteAsync(batch).ConfigureAwait(false);
            lock (_lock)
            {
                if (failure is null)
                {
                    _instruments.Written(batch.RowCount);
                    SettleLocked(batch.RowCount);
                }
                else
                {
                    HandleFailedCycleLocked(batch, enqueuedAt, failure);
                }
            }
        }
    }

    /// <summary>The batch to write now, or null (with the timer armed) when nothing is due yet.</summary>
    private (RowBatch? Batch, long EnqueuedAt) NextBatchLocked()
    {
        if (_pending.IsEmpty)
        {
            return (null, 0);
        }

        if (!_stopping && !_flushWaiters.Any)
        {
            var now = _time.GetTimestamp();
            if (now < _resumeAt)
            {
                _wakeup.Arm(_resumeAt);
                return (null, 0);
            }

            var due = _wakeup.After(_pending.OldestEnqueuedAt, _options.FlushInterval);
            if (_pending.Rows < _options.MaxBatchRows && now < due)
            {
                _wakeup.Arm(due);
                return (null, 0);
            }
        }

        return _pending.Take(_options.MaxBatchRows);
    }

    private void HandleFailedCycleLocked(RowBatch batch, long enqueuedAt, Exception failure)
    {
        if (_stopping)
        {
            // Shutdown cannot wait for the store to come back: give up everything left, loudly.
            var dropped = batch.RowCount + _pending.Clear();
            WriterLog.RowsDropped(_logger, failure, dropped, _storeName);
            _instruments.Dropped(dropped);
            _flushWaiters.Fail(failure); // before settling, which would report their rows as written
            SettleLocked(dropped);
            return;
        }

        WriterLog.WriteCycleFailed(_logger, failure, batch.RowCount, _storeName, _options.MaxWriteAttempts, _options.MaxRetryDelay);
        _pending.ReturnToFront(batch, enqueuedAt);
        _resumeAt = _wakeup.After(_time.GetTimestamp(), _options.MaxRetryDelay);
        _flushWaiters.Fail(failure);
    }

    /// <summary>Rows have left the buffer (written or dropped): free their room and release the flushes they complete.</summary>
    private void SettleLocked(int rows)
    {
        _settledRows += rows;
        Volatile.Write(ref _bufferedRows, _bufferedRows - rows);
        SignalRoomLocked();
        _flushWaiters.Complete(_settledRows);
    }

    private void SignalRoomLocked()
    {
        var freed = _roomFreed;
        _roomFreed = NewSignal();
        freed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
