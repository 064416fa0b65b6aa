using Observability.Ingest.Contract;
using Observability.Ingest.Spool;
using Observability.Ingest.Tests.Support;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Ingest.Tests.Spool;

/// <summary>Random damage to a segment (fixed seeds): whatever comes back must be exactly a batch that was spooled.</summary>
public sealed class DiskSpoolDamageTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Oldest_RandomBytesDamagedOrCutOff_OnlyIntactBatchesComeBackAndTheRestAreCounted(int seed)
    {
        var random = new Random(seed);
        var originals = Enumerable.Range(0, 5).Select(i =>
        {
            var batch = GpuBatch(1 + i, T0.AddMinutes(i));
            batch.BatchId = $"batch-{i}";
            return batch;
        }).ToDictionary(b => b.BatchId!);

        for (var round = 0; round < 40; round++)
        {
            using var dir = new TempDirectory();
            using var meters = new MeterProbe();
            var options = new SpoolOptions { Directory = dir.Path, SyncOnAppend = false };
            using (var spool = SpoolFiles.Open(options, meters))
            {
                foreach (var batch in originals.Values)
                {
                    spool.TryAppend(batch, out _);
                }
            }

            var segment = Assert.Single(SpoolFiles.Segments(dir.Path));
            var length = new FileInfo(segment).Length;
            if (random.Next(3) == 0)
            {
                SpoolFiles.CutTail(segment, 1 + random.Next((int)length - 1));
            }

            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                SpoolFiles.FlipByte(segment, random.Next((int)new FileInfo(segment).Length));
            }

            using var reopened = SpoolFiles.Open(options, meters);
            var returned = 0;
            while (reopened.Oldest() is { } batch)
            {
                BatchAssert.Equal(originals[batch.BatchId!], batch);
                reopened.AcknowledgeOldest();
                returned++;
            }

            Assert.True(returned < originals.Count, "damage went unnoticed");
            Assert.True(meters.Total(SpoolMetrics.CorruptRecords) >= 1);
            Assert.Empty(SpoolFiles.Data(dir.Path));
        }
    }
}
