using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Ingest.Contract;
using Observability.Ingest.Writer;
using Observability.RemoteWrite.Implementation;

namespace Observability.RemoteWrite;

/// <summary>
/// Receives Prometheus remote_write 1.0 requests and turns them into the same rows a direct scrape of each target
/// gives. Samples are grouped per target (<c>job</c>, <c>instance</c>) and timestamp; a group is held for
/// <see cref="RemoteWriteOptions.AssemblyDelay"/> after its first sample, because a writer's shards deliver the pieces
/// of one scrape separately and in any order, and then mapped as one scrape through the target's own mappers (counter
/// state, increases, resets). Rows go to the writer without waiting (<see cref="BatchingWriter.TryEnqueue"/>); rows it
/// refuses are held and retried, and meanwhile new requests are answered 503 with <c>Retry-After</c>, so a full
/// pipeline pushes back on the sender and never blocks scraping. Thread-safe.
/// </summary>
public sealed partial class RemoteWriteIntake : IDisposable
{
    private static readonly TimeSpan s_forgetAfter = TimeSpan.FromHours(1);

    private readonly RemoteWriteOptions _options;
    private readonly Func<RowBatch, bool> _tryEnqueue;
    private readonly TimeProvider _time;
    private readonly RemoteWriteMetrics _metrics;
    private readonly ILogger _logger;
    private readonly SampleTypes _types = new();
    private readonly ScrapeMapping _mapping;
    private readonly Lock _gate = new();
    private readonly TargetTable _table;
    private readonly Queue<RowBatch> _undelivered = new();
    private readonly ITimer _timer;
    private bool _disposed;

    public RemoteWriteIntake(RemoteWriteOptions options, BatchingWriter writer, TimeProvider time, RemoteWriteMetrics metrics, ILogger<RemoteWriteIntake>? logger = null)
        : this(options, (writer ?? throw new ArgumentNullException(nameof(writer))).TryEnqueue, time, metrics, logger)
    {
    }

    /// <summary>Hands rows to <paramref name="tryEnqueue"/> instead of a writer (benchmarks measure decode and map alone).</summary>
    internal RemoteWriteIntake(RemoteWriteOptions options, Func<RowBatch, bool> tryEnqueue, TimeProvider time, RemoteWriteMetrics metrics, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = RemoteWriteOptionsValidator.Validate(options);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        _options = options;
        _tryEnqueue = tryEnqueue;
        _time = time;
        _metrics = metrics;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _table = new TargetTable(options, metrics);
        _mapping = new ScrapeMapping(_types);
        var tick = TimeSpan.FromTicks(Math.Max(options.AssemblyDelay.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks));
        _timer = time.CreateTimer(static s => ((RemoteWriteIntake)s!).Tick(), this, tick, tick);
    }

    /// <summary>Samples held while their scrapes are assembled.</summary>
    public int PendingSamples
    {
        get
        {
            lock (_gate)
            {
                return _table.PendingSamples;
            }
        }
    }

    /// <summary>Checks what can be checked before the body is read: content type, encoding and declared length.</summary>
    public RemoteWriteResponse? CheckHeaders(string? contentType, string? contentEncoding, long? contentLength)
    {
        if (!ContentTypes.IsProtobuf(contentType))
        {
            return Reject(415, RemoteWriteOutcomes.UnsupportedMediaType, $"Content-Type must be application/x-protobuf (remote_write 1.0), got '{contentType}'");
        }

        if (!string.Equals(contentEncoding?.Trim(), "snappy", StringComparison.OrdinalIgnoreCase))
        {
            return Reject(415, RemoteWriteOutcomes.UnsupportedMediaType, $"Content-Encoding must be snappy, got '{contentEncoding}'");
        }

        if (contentLength > _options.MaxBodyBytes)
        {
            return TooLarge(contentLength.Value);
        }

        return null;
    }

    /// <summary>The 413 answer for a body of <paramref name="bytes"/> (or more) bytes.</summary>
    public RemoteWriteResponse TooLarge(long bytes) =>
        Reject(413, RemoteWriteOutcomes.TooLarge, $"body of {bytes} bytes or more is over the limit of {_options.MaxBodyBytes} bytes");

    /// <summary>Checks the headers, then takes the body: the whole handling of one request.</summary>
    public RemoteWriteResponse Accept(string? contentType, string? contentEncoding, ReadOnlySpan<byte> body) =>
        CheckHeaders(contentType, contentEncoding, body.Length) ?? Accept(body);

    /// <summary>Decodes a snappy-compressed WriteRequest and queues its samples for mapping.</summary>
    public RemoteWriteResponse Accept(ReadOnlySpan<byte> body)
    {
        if (body.Length > _options.MaxBodyBytes)
        {
            return TooLarge(body.Length);
        }

        var decoded = RequestDecoder.Decompress(body, _options.MaxDecodedBytes);
        if (decoded.Buffer is null)
        {
            return Reject(decoded.Status, decoded.Status == 413 ? RemoteWriteOutcomes.TooLarge : RemoteWriteOutcomes.BadRequest, decoded.Error!);
        }

        try
        {
            // Checked whole before anything is taken: a request is accepted or rejected as a unit.
            var view = new SeriesView();
            if (WriteRequestReader.Check(decoded.Span, view, out var seriesCount, out var samples) is { } malformed)
            {
                return Reject(400, RemoteWriteOutcomes.BadRequest, $"body is not a remote_write 1.0 WriteRequest: {malformed}");
            }

            lock (_gate)
            {
                if (_disposed)
                {
                    return Reject(503, RemoteWriteOutcomes.Saturated, "the intake is shutting down", retry: true);
                }

                if (!DeliverLocked())
                {
                    return Reject(503, RemoteWriteOutcomes.Saturated, "the store writer is full; retry later", retry: true);
                }

                if (_table.PendingSamples + (long)samples > _options.MaxPendingSamples)
                {
                    return Reject(503, RemoteWriteOutcomes.Saturated, $"{_table.PendingSamples} samples are already waiting to be mapped; retry later", retry: true);
                }

                _metrics.Received(seriesCount, samples);
                LearnMetadataLocked(decoded.Span);
                var firstProblem = _table.Add(decoded.Span, view, _time.GetTimestamp(), _time.GetUtcNow().Add(_options.MaxFutureSkew).ToUnixTimeMilliseconds(), out var invalidSeries);
                FlushDueLocked(all: false);
                DeliverLocked();
                if (invalidSeries > 0)
                {
                    // The valid series are kept; a 400 makes the sender log the reason and not resend what was kept.
                    return Reject(400, RemoteWriteOutcomes.BadRequest, $"{invalidSeries} series rejected, the rest accepted; first problem: {firstProblem}");
                }
            }
        }
        finally
        {
            decoded.Release();
        }

        _metrics.Request(RemoteWriteOutcomes.Ok);
        return RemoteWriteResponse.Accepted;
    }

    /// <summary>Maps every scrape whose assembly delay has passed and retries refused rows; the timer calls it.</summary>
    public void Tick()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                FlushDueLocked(all: false);
                DeliverLocked();
                _table.ForgetQuiet(_time, s_forgetAfter);
            }
            catch (Exception e)
            {
                // The timer must keep running whatever one scrape's mapping does.
                LogTickFailed(_logger, e);
            }
        }
    }

    /// <summary>Maps every scrape still being assembled now, without waiting for its delay (tests, shutdown).</summary>
    public void FlushAll()
    {
        lock (_gate)
        {
            FlushDueLocked(all: true);
            DeliverLocked();
        }
    }

    /// <summary>Stops the timer, maps what is pending and hands it to the writer; rows it still refuses are counted as dropped.</summary>
    public void Dispose()
    {
        _timer.Dispose();
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            FlushDueLocked(all: true);
            DeliverLocked();
            var lost = _undelivered.Sum(b => b.RowCount);
            if (lost > 0)
            {
                _metrics.Refused(lost);
                LogRowsLost(_logger, lost);
            }

            _undelivered.Clear();
            _disposed = true;
        }
    }

    private void LearnMetadataLocked(ReadOnlySpan<byte> body)
    {
        var wire = new ProtoWire(body);
        while (WriteRequestReader.NextMetadata(ref wire, out var type, out var family))
        {
            _types.Learn(type, family);
        }
    }

    /// <summary>Maps, per target and in timestamp order, every scrape whose delay has passed (or all of them).</summary>
    private void FlushDueLocked(bool all)
    {
        var now = _time.GetTimestamp();
        foreach (var target in _table.Targets)
        {
            if (target.Pending.Count == 0)
            {
                continue;
            }

            // The newest due scrape releases every older one too: a target's scrapes are mapped in order.
            long? due = null;
            foreach (var scrape in target.Pending.Values)
            {
                if (all || _time.GetElapsedTime(scrape.FirstArrival, now) >= _options.AssemblyDelay)
                {
                    due = scrape.TimestampMs;
                }
            }

            while (due is { } last && target.Pending.Count > 0 && target.Pending.First().Key <= last)
            {
                var scrape = target.Pending.First().Value;
                target.Pending.Remove(scrape.TimestampMs);
                target.PendingSamples -= scrape.Entries.Count;
                _table.PendingSamples -= scrape.Entries.Count;
                target.LastMappedMs = scrape.TimestampMs;
                var samples = scrape.Entries.Count;
                RowBatch batch;
                try
                {
                    batch = _mapping.Map(target, scrape);
                }
                catch (Exception e)
                {
                    // A mapper fault loses this scrape only, counted and logged, as a failed scrape would.
                    target.Mapper.Abort();
                    _metrics.Dropped(DropReasons.MappingError, samples);
                    LogMappingFailed(_logger, target.Job, target.Instance, e);
                    continue;
                }
                finally
                {
                    target.Spare = scrape.Release();
                }

                _metrics.Mapped(target.Mapper.UnmappedSamples, batch.RowCount);
                if (!batch.IsEmpty)
                {
                    _undelivered.Enqueue(batch);
                }
            }
        }
    }

    /// <summary>Hands held rows to the writer in order; false when it refused some (they stay held).</summary>
    private bool DeliverLocked()
    {
        while (_undelivered.TryPeek(out var batch))
        {
            var rows = batch.RowCount;
            if (!_tryEnqueue(batch))
            {
                _metrics.Refused(rows);
                return false;
            }

            _undelivered.Dequeue();
        }

        return true;
    }

    private RemoteWriteResponse Reject(int status, string outcome, string message, bool retry = false)
    {
        _metrics.Request(outcome);
        return new RemoteWriteResponse(status, message, retry ? _options.RetryAfter : null);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "remote_write: mapping a scrape of job {Job}, instance {Instance} failed; its samples are dropped")]
    private static partial void LogMappingFailed(ILogger logger, string job, string instance, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "remote_write: mapping pending scrapes failed")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "remote_write: {Rows} rows could not be handed to the writer at shutdown and are lost")]
    private static partial void LogRowsLost(ILogger logger, int rows);
}
