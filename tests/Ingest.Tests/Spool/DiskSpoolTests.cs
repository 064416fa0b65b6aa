using Observability.Ingest.Contract;
using Observability.Ingest.Spool;
using Observability.Ingest.Tests.Support;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Ingest.Tests.Spool;

public sealed class DiskSpoolTests : IDisposable
{
    private const int MagicBytes = 8;
    private const int HeaderBytes = 12;

    private readonly TempDirectory _dir = new();
    private readonly MeterProbe _meters = new();

    private SpoolOptions Options(long maxBytes = 1 << 20, long maxSegmentBytes = 1 << 20) =>
        new() { Directory = _dir.Path, MaxBytes = maxBytes, MaxSegmentBytes = maxSegmentBytes, SyncOnAppend = false };

    public void Dispose()
    {
        _meters.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Open_AfterSomeAcknowledgements_FindsTheRestInOrderWithTheirIds()
    {
        var batches = Enumerable.Range(0, 5).Select(Numbered).ToList();
        using (var spool = SpoolFiles.Open(Options(), _meters))
        {
            batches.ForEach(b => Assert.True(spool.TryAppend(b, out _)));
            BatchAssert.Equal(batches[0], spool.Oldest()!);
            spool.AcknowledgeOldest();
            spool.AcknowledgeOldest();
        }

        using var reopened = SpoolFiles.Open(Options(), _meters);

        Assert.Equal(3, reopened.Records);
        Assert.Equal(batches.Skip(2).Select(b => b.BatchId), Drain(reopened).Select(b => b.BatchId));
        Assert.Equal(0, _meters.Total(SpoolMetrics.CorruptRecords));
    }

    [Fact]
    public void AcknowledgeOldest_EverySegmentDone_DeletesItsFileAndLastTheWholeSpool()
    {
        // Records of over 2 KiB in 4 KiB segments: one record per segment.
        using var spool = SpoolFiles.Open(Options(maxSegmentBytes: 4096), _meters);
        var sizes = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(spool.TryAppend(Numbered(i, rows: 10), out var bytes));
            sizes.Add(bytes);
        }

        Assert.Equal(3, SpoolFiles.Segments(_dir.Path).Length);
        var full = spool.Bytes;
        Assert.Equal((3 * MagicBytes) + sizes.Sum(), full);

        spool.Oldest();
        spool.AcknowledgeOldest();

        Assert.Equal(2, SpoolFiles.Segments(_dir.Path).Length);
        Assert.Equal(full - sizes[0] - MagicBytes, spool.Bytes);

        Drain(spool);

        Assert.Empty(SpoolFiles.Data(_dir.Path));
        Assert.Equal(0, spool.Bytes);
        Assert.True(spool.IsEmpty);
    }

    [Fact]
    public void Open_TornLastRecord_ReportedSkippedAndCutOffSoLaterAppendsAreClean()
    {
        var sizes = new List<int>();
        using (var spool = SpoolFiles.Open(Options(), _meters))
        {
            for (var i = 0; i < 3; i++)
            {
                spool.TryAppend(Numbered(i), out var bytes);
                sizes.Add(bytes);
            }
        }

        var segment = Assert.Single(SpoolFiles.Segments(_dir.Path));
        SpoolFiles.CutTail(segment, 5);

        using (var reopened = SpoolFiles.Open(Options(), _meters))
        {
            Assert.Equal(2, reopened.Records);
            Assert.Equal(1, _meters.Total(SpoolMetrics.CorruptRecords));
            Assert.Equal(MagicBytes + sizes[0] + sizes[1], new FileInfo(segment).Length);
            reopened.TryAppend(Numbered(3), out _);
        }

        using var again = SpoolFiles.Open(Options(), _meters);

        Assert.Equal(["0", "1", "3"], Drain(again).Select(b => b.BatchId));
        Assert.Equal(1, _meters.Total(SpoolMetrics.CorruptRecords));
    }

    [Fact]
    public void Open_DamagedPayloadInTheMiddle_SkipsOnlyThatRecord()
    {
        using (var spool = SpoolFiles.Open(Options(), _meters))
        {
            for (var i = 0; i < 3; i++)
            {
                spool.TryAppend(Numbered(i), out _);
            }
        }

        var segment = Assert.Single(SpoolFiles.Segments(_dir.Path));
        var second = MagicBytes + FrameSize(Numbered(0));
        SpoolFiles.FlipByte(segment, second + HeaderBytes + 40);

        using var reopened = SpoolFiles.Open(Options(), _meters);

        Assert.Equal(["0", "2"], Drain(reopened).Select(b => b.BatchId));
        Assert.Equal(1, _meters.Total(SpoolMetrics.CorruptRecords));
    }

    [Fact]
    public void Open_DamagedLengthInAHeader_DropsTheRestOfThatSegmentOnly()
    {
        // Records of about 1 KiB in 4 KiB segments: three in the first segment, the fourth in the second.
        var options = Options(maxSegmentBytes: 4096);
        var sizes = new List<int>();
        using (var spool = SpoolFiles.Open(options, _meters))
        {
            for (var i = 0; i < 4; i++)
            {
                spool.TryAppend(Numbered(i), out var bytes);
                sizes.Add(bytes);
            }
        }

        var segments = SpoolFiles.Segments(_dir.Path);
        Assert.Equal(2, segments.Length);
        Assert.Equal(MagicBytes + sizes[0] + sizes[1] + sizes[2], new FileInfo(segments[0]).Length);
        SpoolFiles.FlipByte(segments[0], MagicBytes + sizes[0] + 1); // the second record's length

        using var reopened = SpoolFiles.Open(options, _meters);

        Assert.Equal(MagicBytes + sizes[0], new FileInfo(segments[0]).Length);
        Assert.Equal(["0", "3"], Drain(reopened).Select(b => b.BatchId));
        Assert.Equal(1, _meters.Total(SpoolMetrics.CorruptRecords));
    }

    [Fact]
    public void Oldest_RecordDamagedAfterOpening_SkippedAndCountedNotReturned()
    {
        using var spool = SpoolFiles.Open(Options(), _meters);
        spool.TryAppend(Numbered(0), out _);
        spool.TryAppend(Numbered(1), out _);

        SpoolFiles.FlipByte(Assert.Single(SpoolFiles.Segments(_dir.Path)), MagicBytes + HeaderBytes + 3);

        Assert.Equal("1", spool.Oldest()!.BatchId);
        Assert.Equal(1, spool.Records);
        Assert.Equal(1, _meters.Total(SpoolMetrics.CorruptRecords));
    }

    [Fact]
    public void TryAppend_BatchBeyondMaxBytes_RefusedWithoutWritingAnything()
    {
        using var spool = SpoolFiles.Open(Options(maxBytes: 4096 * 4, maxSegmentBytes: 4096), _meters);
        var accepted = 0;
        while (spool.TryAppend(Numbered(accepted), out _))
        {
            accepted++;
        }

        var bytes = spool.Bytes;
        var files = SpoolFiles.Segments(_dir.Path).Sum(f => new FileInfo(f).Length);

        Assert.False(spool.TryAppend(Numbered(99), out var refused));
        Assert.Equal(FrameSize(Numbered(99)), refused);
        Assert.Equal(bytes, spool.Bytes);
        Assert.Equal(files, SpoolFiles.Segments(_dir.Path).Sum(f => new FileInfo(f).Length));
        Assert.InRange(bytes, 4096 * 3, 4096 * 4);
        Assert.Equal(accepted, spool.Records);
    }

    [Fact]
    public void Open_UnreadableCursor_ReplaysEverythingStillOnDisk()
    {
        using (var spool = SpoolFiles.Open(Options(), _meters))
        {
            for (var i = 0; i < 3; i++)
            {
                spool.TryAppend(Numbered(i), out _);
            }

            spool.Oldest();
            spool.AcknowledgeOldest();
        }

        File.WriteAllBytes(Path.Combine(_dir.Path, "ack"), [1, 2, 3]);

        using var reopened = SpoolFiles.Open(Options(), _meters);

        Assert.Equal(["0", "1", "2"], Drain(reopened).Select(b => b.BatchId));
    }

    [Fact]
    public void Open_DirectoryHeldByAnotherSpool_RefusedUntilThatOneCloses()
    {
        var first = SpoolFiles.Open(Options(), _meters);

        var error = Assert.Throws<IOException>(() => SpoolFiles.Open(Options(), _meters));
        Assert.Contains("in use", error.Message, StringComparison.Ordinal);

        first.Dispose();
        using var second = SpoolFiles.Open(Options(), _meters);
        Assert.True(second.IsEmpty);
    }

    /// <summary>A small batch whose id is its number, so order is easy to read.</summary>
    private static RowBatch Numbered(int n, int rows = 3)
    {
        var batch = GpuBatch(rows, T0.AddMinutes(n));
        batch.BatchId = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return batch;
    }

    private int FrameSize(RowBatch batch)
    {
        using var scratch = new TempDirectory();
        using var spool = SpoolFiles.Open(new SpoolOptions { Directory = scratch.Path, SyncOnAppend = false }, _meters);
        spool.TryAppend(batch, out var bytes);
        return bytes;
    }

    private static List<RowBatch> Drain(DiskSpool spool)
    {
        var batches = new List<RowBatch>();
        while (spool.Oldest() is { } batch)
        {
            batches.Add(batch);
            spool.AcknowledgeOldest();
        }

        return batches;
    }
}
