using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Collectors.Mapping;
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
    private const long StaleMarkerBits = 0x7ff0000000000002;
    private static readonly TimeSpan s_forgetAfter = TimeSpan.FromHours(1);

    private readonly RemoteWriteOptions _options;
    private readonly Func<RowBatch, bool> _tryEnqueue;
    private readonly TimeProvider _time;
    private readonly RemoteWriteMetrics _metrics;
    private readonly ILogger _logger;
    private readonly (Regex Job, RemoteWriteSourceRule Rule)[] _rules;
    private readonly SampleTypes _types = new();
    private readonly ScrapeMapping _mapping;
    private readonly Lock _gate = new();
    private readonly ByteKeyMap<TargetAssembly> _targets = new();
    private readonly Queue<RowBatch> _undelivered = new();
    private readonly ITimer _timer;
    private int _pendingSamples;
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
        _rules = [.. options.Sources.Select(r => (new Regex($"^(?:{r.Job})$", RegexOptions.CultureInvariant), r))];
        _mapping = new ScrapeMapping(_types);
        var tick = TimeSpan.FromTicks(Math.Max(options.AssemblyDelay.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks));
        _timer = time.CreateTimer(static s => ((RemoteWriteIntake)s!).Tick(), this, tick, tick);
    }

    /// <summary>Samples held while their scrapes are assembled.</summary>
    public int PendingSamples => Volatile.Read(ref _pendingSamples);

    /// <summary>Checks what can be checked before the body is read: content type, encoding and declared length.</summary>
    public RemoteWriteResponse? CheckHeaders(string? contentType, string? contentEncoding, long? contentLength)
    {
        if (!IsProtobuf(contentType))
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

                if (_pendingSamples + (long)samples > _options.MaxPendingSamples)
                {
                    return Reject(503, RemoteWriteOutcomes.Saturated, $"{_pendingSamples} samples are already waiting to be mapped; retry later", retry: true);
                }

                _metrics.Received(seriesCount, samples);
                LearnMetadataLocked(decoded.Span);
                var firstProblem = AddLocked(decoded.Span, view, out var invalidSeries);
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
                ForgetQuietTargetsLocked();
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

    private string? AddLocked(ReadOnlySpan<byte> body, SeriesView series, out int invalidSeries)
    {
        invalidSeries = 0;
        string? firstProblem = null;
        var now = _time.GetTimestamp();
        var horizon = _time.GetUtcNow().Add(_options.MaxFutureSkew).ToUnixTimeMilliseconds();
        var wire = new ProtoWire(body);
        while (WriteRequestReader.NextSeries(ref wire, body, series))
        {
            _metrics.Dropped(DropReasons.NativeHistogram, series.Histograms);
            if (series.Samples.Count == 0)
            {
                continue;
            }

            if (SeriesValidator.Check(series, body, _options.MaxLabelCount, _options.MaxLabelLength, out var nameLabel) is { } problem)
            {
                invalidSeries++;
                firstProblem ??= problem;
                _metrics.Dropped(DropReasons.InvalidSeries, series.Samples.Count);
                continue;
            }

            var target = TargetOf(series, body);
            target.LastArrival = now;
            foreach (var sample in series.Samples)
            {
                if (BitConverter.DoubleToInt64Bits(sample.Value) == StaleMarkerBits)
                {
                    _metrics.Dropped(DropReasons.StaleMarker, 1);
                }
                else if (sample.TimestampMs > horizon || sample.TimestampMs < 0)
                {
                    _metrics.Dropped(DropReasons.Future, 1);
                }
                else if (sample.TimestampMs <= target.LastMappedMs)
                {
                    _metrics.Dropped(DropReasons.Late, 1);
                }
                else
                {
                    if (!target.Pending.TryGetValue(sample.TimestampMs, out var scrape))
                    {
                        var (arena, entries) = target.Spare ?? (new byte[4096], []);
                        target.Spare = null;
                        scrape = new PendingScrape(sample.TimestampMs, now, arena, entries);
                        target.Pending.Add(sample.TimestampMs, scrape);
                    }

                    Store(scrape, series, body, nameLabel, sample.Value);
                    target.PendingSamples++;
                    _pendingSamples++;
                }
            }
        }

        return firstProblem;
    }

    /// <summary>Copies one sample's name and labels (less <c>__name__</c>, <c>job</c>, <c>instance</c>) into its scrape's arena.</summary>
    private static void Store(PendingScrape scrape, SeriesView series, ReadOnlySpan<byte> body, int nameLabel, double value)
    {
        var metric = series.Labels[nameLabel];
        var nameStart = scrape.Append(body.Slice(metric.ValueStart, metric.ValueLength));
        var labelsStart = scrape.Used;
        bool hasLe = false, hasQuantile = false;
        for (var i = 0; i < series.Labels.Count; i++)
        {
            var label = series.Labels[i];
            var name = body.Slice(label.NameStart, label.NameLength);
            if (i == nameLabel || name.SequenceEqual("job"u8) || name.SequenceEqual("instance"u8))
            {
                continue;
            }

            var labelValue = body.Slice(label.ValueStart, label.ValueLength);
            hasLe |= name.SequenceEqual("le"u8);
            hasQuantile |= name.SequenceEqual("quantile"u8);
            if (TargetLabelStats.KeyOf(name) is var key and >= 0)
            {
                scrape.TargetLabels.See(key, labelValue);
            }

            scrape.Append(name);
            scrape.AppendByte(0xFF);
            scrape.Append(labelValue);
            scrape.AppendByte(0xFF);
        }

        scrape.Entries.Add(new PendingEntry(nameStart, metric.ValueLength, labelsStart, scrape.Used - labelsStart, value, hasLe, hasQuantile));
    }

    private TargetAssembly TargetOf(SeriesView series, ReadOnlySpan<byte> body)
    {
        ReadOnlySpan<byte> job = default, instance = default;
        foreach (var label in series.Labels)
        {
            var name = body.Slice(label.NameStart, label.NameLength);
            if (name.SequenceEqual("job"u8)) job = body.Slice(label.ValueStart, label.ValueLength);
            else if (name.SequenceEqual("instance"u8)) instance = body.Slice(label.ValueStart, label.ValueLength);
        }

        // Key: job 0xFF instance (0xFF never occurs in UTF-8, so distinct pairs give distinct keys).
        Span<byte> key = job.Length + instance.Length + 1 <= 512 ? stackalloc byte[job.Length + instance.Length + 1] : new byte[job.Length + instance.Length + 1];
        job.CopyTo(key);
        key[job.Length] = 0xFF;
        instance.CopyTo(key[(job.Length + 1)..]);
        if (!_targets.TryGetValue(key, out var target))
        {
            var jobText = Encoding.UTF8.GetString(job);
            var instanceText = Encoding.UTF8.GetString(instance);
            var rule = _rules.FirstOrDefault(r => r.Job.IsMatch(jobText)).Rule;
            var mapper = rule is null ? SourceMappers.CreateScrapeMapper() : SourceMappers.CreateScrapeMapper(rule.Mappers);
            target = new TargetAssembly(jobText, instanceText.Length > 0 ? instanceText : jobText, mapper, rule?.KeepUnmapped ?? _options.KeepUnmapped);
            _targets.Set(key, target);
        }

        return target;
    }

    /// <summary>Maps, per target and in timestamp order, every scrape whose delay has passed (or all of them).</summary>
    private void FlushDueLocked(bool all)
    {
        var now = _time.GetTimestamp();
        foreach (var target in _targets.Values)
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
                _pendingSamples -= scrape.Entries.Count;
                target.LastMappedMs = scrape.TimestampMs;
                var batch = _mapping.Map(target, scrape);
                target.Spare = scrape.Release();
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

    private void ForgetQuietTargetsLocked()
    {
        var now = _time.GetTimestamp();
        _targets.RemoveWhere(t => t.Pending.Count == 0 && _time.GetElapsedTime(t.LastArrival, now) > s_forgetAfter);
    }

    private RemoteWriteResponse Reject(int status, string outcome, string message, bool retry = false)
    {
        _metrics.Request(outcome);
        return new RemoteWriteResponse(status, message, retry ? _options.RetryAfter : null);
    }

    private static bool IsProtobuf(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var parts = contentType.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !parts[0].Equals("application/x-protobuf", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // remote_write 2.0 names its message; only 1.0's is understood here.
        return parts.Skip(1).All(p => !p.StartsWith("proto=", StringComparison.OrdinalIgnoreCase) || p.Equals("proto=prometheus.WriteRequest", StringComparison.OrdinalIgnoreCase));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "remote_write: mapping pending scrapes failed")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "remote_write: {Rows} rows could not be handed to the writer at shutdown and are lost")]
    private static partial void LogRowsLost(ILogger logger, int rows);
}
