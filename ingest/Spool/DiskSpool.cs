using System.Globalization;
using System.IO.Hashing;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using Observability.Ingest.Contract;

namespace Observability.Ingest.Spool;

/// <summary>
/// A first-in first-out queue of batches in append-only segment files (see <see cref="RecordFormat"/>), bounded by
/// <see cref="SpoolOptions.MaxBytes"/>. Opening it finds every record not yet acknowledged (see <see cref="AckCursor"/>),
/// skipping and reporting damaged ones; a run never appends to a segment of an earlier run. A segment is deleted once
/// all its records are acknowledged, and the whole directory is emptied when the queue is. Not thread-safe: the
/// <see cref="SpoolingStore"/> serialises calls; <see cref="Records"/> and <see cref="Bytes"/> may be read from anywhere.
/// </summary>
internal sealed partial class DiskSpool : IDisposable
{
    private readonly SpoolOptions _options;
    private readonly ILogger _logger;
    private readonly SpoolInstruments _instruments;
    private readonly AckCursor _cursor;
    private readonly SortedDictionary<long, Segment> _segments = [];
    private readonly Queue<(Segment Segment, long Offset, int Length)> _pending = new();
    private readonly RowBatchEncoder _encoder = new();
    private readonly ByteWriter _frame = new();
    private byte[] _readBuffer = []; // reused between reads: records are decoded into new objects, the bytes are not kept
    private FileStream? _lock;
    private Segment? _tail;
    private FileStream? _tailStream;
    private (Segment Segment, SafeFileHandle Handle)? _reader;
    private (RowBatch Batch, long Offset)? _oldest; // decoded head, kept while the store refuses it
    private long _nextSegment = 1;
    private long _bytes;
    private int _records;

    private DiskSpool(SpoolOptions options, ILogger logger, SpoolInstruments instruments)
    {
        _options = options;
        _logger = logger;
        _instruments = instruments;
        _cursor = new AckCursor(options.Directory);
    }

    /// <summary>Held open without sharing while the spool is open; never deleted.</summary>
    public const string LockFileName = "lock";

    public string Directory => _options.Directory;

    /// <summary>Batches spooled and not yet acknowledged.</summary>
    public int Records => Volatile.Read(ref _records);

    /// <summary>Bytes of segment files on disk, acknowledged records in a segment still in use included.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    public bool IsEmpty => _pending.Count == 0;

    /// <summary>Appends the batch (which must carry its id), or returns false without writing when it does not fit.</summary>
    public bool TryAppend(RowBatch batch, out int bytes)
    {
        _frame.Reset();
        var header = _frame.Reserve(RecordFormat.HeaderBytes);
        _encoder.Encode(batch, _frame);
        var payload = _frame.WrittenSpan[RecordFormat.HeaderBytes..];
        SegmentScanner.WriteHeader(_frame.Slice(header, RecordFormat.HeaderBytes), payload);
        bytes = _frame.Length;

        var roll = _tail is null || (_tail.Length > RecordFormat.SegmentMagic.Length && _tail.Length + bytes > _options.MaxSegmentBytes);
        var needed = bytes + (roll ? RecordFormat.SegmentMagic.Length : 0);
        if (_bytes + needed > _options.MaxBytes)
        {
            return false;
        }

        if (roll)
        {
            StartSegment();
        }

        var tail = _tail!;
        var offset = tail.Length;
        try
        {
            _tailStream!.Write(_frame.WrittenSpan);
            _tailStream.Flush(flushToDisk: _options.SyncOnAppend);
        }
        catch
        {
            // Leave no partial record behind; if even that fails, the next append starts a fresh segment.
            try
            {
                _tailStream!.SetLength(offset);
                _tailStream.Position = offset;
            }
            catch (IOException)
            {
                CloseTail();
            }

            throw;
        }

        tail.Length += bytes;
        tail.Pending++;
        _pending.Enqueue((tail, offset, bytes));
        Volatile.Write(ref _bytes, _bytes + bytes);
        Volatile.Write(ref _records, _records + 1);
        return true;
    }

    /// <summary>
    /// The oldest unacknowledged batch, with its id, or null when the spool is empty. A record that turns out damaged
    /// (checked again here, and decoded) is reported, counted and acknowledged past; the next one is returned.
    /// </summary>
    public RowBatch? Oldest()
    {
        while (_pending.Count > 0)
        {
            var (segment, offset, length) = _pending.Peek();
            if (_oldest is { } cached && cached.Offset == offset)
            {
                return cached.Batch;
            }

            try
            {
                var batch = Read(segment, offset, length);
                _oldest = (batch, offset);
                return batch;
            }
            catch (InvalidDataException e)
            {
                SpoolLog.CorruptRecord(_logger, segment.Path, offset, e.Message);
                _instruments.Corrupt();
                Acknowledge();
            }
        }

        return null;
    }

    /// <summary>Marks the oldest batch as stored: it will not be replayed again, here or after a restart.</summary>
    public void AcknowledgeOldest()
    {
        if (_pending.Count == 0)
        {
            throw new InvalidOperationException("the spool is empty");
        }

        Acknowledge();
    }

    public void Dispose()
    {
        CloseTail();
        CloseReader();
        _lock?.Dispose(); // the file stays: deleting it could race with the next opener's lock
    }

    private void Acknowledge()
    {
        var (segment, offset, length) = _pending.Dequeue();
        _oldest = null;
        segment.Pending--;
        Volatile.Write(ref _records, _records - 1);
        if (_pending.Count == 0)
        {
            DeleteEverything();
            return;
        }

        _cursor.Write(segment.Number, offset + length);
        if (segment.Pending == 0 && segment != _tail)
        {
            DeleteSegment(segment);
        }
    }

    private RowBatch Read(Segment segment, long offset, int length)
    {
        if (_reader?.Segment != segment)
        {
            CloseReader();
            try
            {
                _reader = (segment, File.OpenHandle(segment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
            }
            catch (FileNotFoundException e)
            {
                // Removed behind the spool's back: its records cannot come back, and waiting would block every later one.
                throw new InvalidDataException("the segment file is gone", e);
            }
        }

        if (_readBuffer.Length < length)
        {
            _readBuffer = new byte[Math.Max(length, _readBuffer.Length * 2)];
        }

        var frame = _readBuffer.AsSpan(0, length);
        var read = RandomAccess.Read(_reader.Value.Handle, frame, offset);
        if (read != length)
        {
            throw new InvalidDataException($"record cut short: {read} of {length} bytes");
        }

        if (!SegmentScanner.ReadHeader(frame, out var payloadLength, out var payloadCrc) || payloadLength != length - RecordFormat.HeaderBytes)
        {
            throw new InvalidDataException("header checksum mismatch");
        }

        var payload = frame[RecordFormat.HeaderBytes..];
        if (Crc32.HashToUInt32(payload) != payloadCrc)
        {
            throw new InvalidDataException("payload checksum mismatch");
        }

        return RowBatchDecoder.Decode(payload);
    }

    private void StartSegment()
    {
        CloseTail();
        var number = _nextSegment++;
        var path = System.IO.Path.Combine(_options.Directory, number.ToString("D16", CultureInfo.InvariantCulture) + RecordFormat.SegmentExtension);
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);
        stream.Write(RecordFormat.SegmentMagic);
        var segment = new Segment(number, path) { Length = RecordFormat.SegmentMagic.Length };
        _segments.Add(number, segment);
        _tail = segment;
        _tailStream = stream;
        Volatile.Write(ref _bytes, _bytes + segment.Length);
    }

    private void DeleteSegment(Segment segment)
    {
        if (_reader?.Segment == segment)
        {
            CloseReader();
        }

        File.Delete(segment.Path);
        _segments.Remove(segment.Number);
        Volatile.Write(ref _bytes, _bytes - segment.Length);
    }

    /// <summary>Nothing left to replay: segments first, the cursor last, so a crash part-way never resurrects records.</summary>
    private void DeleteEverything()
    {
        CloseTail();
        CloseReader();
        foreach (var segment in _segments.Values.ToList())
        {
            DeleteSegment(segment);
        }

        _cursor.Delete();
        Volatile.Write(ref _bytes, 0);
    }

    private void CloseTail()
    {
        _tailStream?.Dispose();
        _tailStream = null;
        _tail = null;
    }

    private void CloseReader()
    {
        _reader?.Handle.Dispose();
        _reader = null;
    }

    private static long ParseNumber(string path) =>
        long.TryParse(System.IO.Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private sealed class Segment(long number, string path)
    {
        public long Number { get; } = number;

        public string Path { get; } = path;

        public long Length { get; set; }

        /// <summary>Records in this segment not yet acknowledged.</summary>
        public int Pending { get; set; }
    }
}
