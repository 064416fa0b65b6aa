using Microsoft.Extensions.Logging;

namespace Observability.Ingest.Spool;

/// <summary>Opening a spool: its lock, and the queue rebuilt from what an earlier run left on disk.</summary>
internal sealed partial class DiskSpool
{
    /// <summary>
    /// Opens (creating when missing) the spool directory and takes its lock file: two spools replaying and appending in
    /// one directory would each acknowledge the other's records. Throws <see cref="IOException"/> when it is held.
    /// </summary>
    public static DiskSpool Open(SpoolOptions options, ILogger logger, SpoolInstruments instruments)
    {
        System.IO.Directory.CreateDirectory(options.Directory);
        var lockPath = System.IO.Path.Combine(options.Directory, LockFileName);
        FileStream directoryLock;
        try
        {
            directoryLock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        }
        catch (IOException e)
        {
            throw new IOException($"the spool directory {options.Directory} is in use by another spool (its {LockFileName} file is held)", e);
        }

        var spool = new DiskSpool(options, logger, instruments) { _lock = directoryLock };
        try
        {
            spool.Recover();
        }
        catch
        {
            spool.Dispose();
            throw;
        }

        return spool;
    }

    /// <summary>Rebuilds the queue from the files: acknowledged segments go, the rest are scanned from the cursor on.</summary>
    private void Recover()
    {
        var cursor = _cursor.Read(out var problem);
        if (problem is not null)
        {
            SpoolLog.CursorUnreadable(_logger, _cursor.Path, problem);
        }

        var files = System.IO.Directory.GetFiles(_options.Directory, "*" + RecordFormat.SegmentExtension)
            .Select(path => (Path: path, Number: ParseNumber(path)))
            .Where(f => f.Number > 0)
            .OrderBy(f => f.Number)
            .ToList();
        foreach (var (path, number) in files)
        {
            _nextSegment = Math.Max(_nextSegment, number + 1);
            if (cursor is { } c && number < c.Segment)
            {
                File.Delete(path); // acknowledged; a crash came between the cursor and the delete
                continue;
            }

            var start = cursor is { } at && number == at.Segment ? at.Offset : 0;
            var (records, damage, length) = SegmentScanner.Scan(path, start);
            foreach (var d in damage)
            {
                SpoolLog.CorruptRecord(_logger, path, d.Offset, d.Reason);
                _instruments.Corrupt();
            }

            var segment = new Segment(number, path) { Length = length, Pending = records.Count };
            if (records.Count == 0)
            {
                File.Delete(path);
                continue;
            }

            _segments.Add(number, segment);
            _bytes += length;
            foreach (var (offset, frameLength) in records)
            {
                _pending.Enqueue((segment, offset, frameLength));
            }
        }

        _records = _pending.Count;
        if (_pending.Count == 0)
        {
            DeleteEverything();
        }
        else
        {
            SpoolLog.Reopened(_logger, _options.Directory, _records, _bytes);
        }
    }
}
