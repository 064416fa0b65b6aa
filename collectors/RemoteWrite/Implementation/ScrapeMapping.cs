using Observability.Collectors.Exposition;
using Observability.Collectors.Mapping;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.RemoteWrite.Implementation;

/// <summary>
/// Maps one assembled scrape through its target's mappers exactly as a scrape's parse would feed them: samples
/// grouped by family, labels as UTF-8 bytes, no per-sample timestamp (the scrape's time is the context's). Prometheus's
/// own per-scrape series (<c>up</c>, <c>scrape_*</c>) become the scrape's status row, as a direct scrape writes one.
/// Not thread-safe: the intake calls it under its lock.
/// </summary>
internal sealed class ScrapeMapping(SampleTypes types)
{
    private readonly ByteKeyMap<bool> _bucketFamilies = new();
    private byte[] _scratch = new byte[1024];
    private LabelRange[] _ranges = new LabelRange[64];
    private int[] _order = new int[256];

    public RowBatch Map(TargetAssembly target, PendingScrape scrape)
    {
        var batch = new RowBatch();
        var timestamp = DateTime.UnixEpoch.AddMilliseconds(scrape.TimestampMs);
        var status = ScrapeReport.Read(scrape);
        var (labels, isTargetLabel) = scrape.TargetLabels.Resolve(scrape.Entries.Count);
        var order = SortByName(scrape);
        CollectBucketFamilies(scrape);

        var mapper = target.Mapper;
        mapper.Begin(new ScrapeContext(timestamp, target.Instance, labels, target.KeepUnmapped));
        var fed = 0;
        var arena = scrape.Arena;
        for (var i = 0; i < scrape.Entries.Count && !status.Down; i++)
        {
            var entry = scrape.Entries[order[i]];
            if (!ScrapeReport.IsScrapeSeries(arena.Slice(entry.NameStart, entry.NameLength)))
            {
                Feed(mapper, arena, entry, isTargetLabel);
                fed++;
            }
        }

        if (status.Down)
        {
            // A failed scrape leaves no rows and no counter state, as for a direct scrape.
            mapper.Abort();
        }
        else
        {
            mapper.Commit(batch);
        }

        if (status.Up is not null)
        {
            batch.ScrapeStatuses.Add(new ScrapeStatus(timestamp, target.Instance, target.Job, !status.Down, status.DurationSeconds, status.SamplesScraped ?? fed, status.Down ? "target reported down by the remote writer (up = 0)" : ""));
        }

        return batch;
    }

    /// <summary>Copies the entry's labels, less the target's own, into the scratch buffer and hands the sample to the mappers.</summary>
    private void Feed(ScrapeMapper mapper, ReadOnlySpan<byte> arena, PendingEntry entry, bool[] isTargetLabel)
    {
        var name = arena.Slice(entry.NameStart, entry.NameLength);
        var stored = arena.Slice(entry.LabelsStart, entry.LabelsLength);
        if (_scratch.Length < stored.Length)
        {
            _scratch = new byte[Math.Max(stored.Length, _scratch.Length * 2)];
        }

        var scratch = _scratch;
        int at = 0, count = 0;
        while (!stored.IsEmpty)
        {
            var nameEnd = stored.IndexOf((byte)0xFF);
            var valueEnd = stored[(nameEnd + 1)..].IndexOf((byte)0xFF) + nameEnd + 1;
            var labelName = stored[..nameEnd];
            var key = TargetLabelStats.KeyOf(labelName);
            if (key < 0 || !isTargetLabel[key])
            {
                if (count == _ranges.Length)
                {
                    Array.Resize(ref _ranges, _ranges.Length * 2);
                }

                stored[..(valueEnd + 1)].CopyTo(scratch.AsSpan(at));
                _ranges[count++] = new LabelRange(at, nameEnd, at + nameEnd + 1, valueEnd - nameEnd - 1, ValueInScratch: false);
                at += valueEnd + 1;
            }

            stored = stored[(valueEnd + 1)..];
        }

        var (familyLength, type) = types.Classify(name, entry.HasLe, entry.HasQuantile, _bucketFamilies);
        var raw = scratch.AsSpan(0, at);
        mapper.OnSample(new Sample
        {
            Name = name,
            FamilyName = name[..familyLength],
            Type = type,
            Labels = new LabelList(raw, raw, _ranges.AsSpan(0, count)),
            RawLabels = raw,
            Value = entry.Value,
            TimestampMs = null,
        });
    }

    /// <summary>Orders samples by metric name (then arrival), so each family's samples come together as in an exposition.</summary>
    private int[] SortByName(PendingScrape scrape)
    {
        var entries = scrape.Entries;
        if (_order.Length < entries.Count)
        {
            _order = new int[Math.Max(entries.Count, _order.Length * 2)];
        }

        for (var i = 0; i < entries.Count; i++)
        {
            _order[i] = i;
        }

        var arena = scrape.ArenaBuffer;
        Array.Sort(_order, 0, entries.Count, Comparer<int>.Create((a, b) =>
        {
            var c = arena.AsSpan(entries[a].NameStart, entries[a].NameLength).SequenceCompareTo(arena.AsSpan(entries[b].NameStart, entries[b].NameLength));
            return c != 0 ? c : a.CompareTo(b);
        }));
        return _order;
    }

    private void CollectBucketFamilies(PendingScrape scrape)
    {
        _bucketFamilies.Clear();
        var arena = scrape.Arena;
        foreach (var entry in scrape.Entries)
        {
            var name = arena.Slice(entry.NameStart, entry.NameLength);
            if (entry.HasLe && name.EndsWith("_bucket"u8))
            {
                _bucketFamilies.Set(name[..^"_bucket".Length], true);
            }
        }
    }
}
