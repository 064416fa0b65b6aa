using System.Text;
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
    private readonly HashSet<string> _families = new(StringComparer.Ordinal);
    private byte[] _buffer = new byte[4096];
    private LabelRange[] _ranges = new LabelRange[64];
    private int[] _order = new int[256];

    /// <summary>The rows of the scrape, or an empty batch when the scrape had nothing but Prometheus's own series.</summary>
    public RowBatch Map(TargetAssembly target, PendingScrape scrape)
    {
        var batch = new RowBatch();
        var samples = scrape.Samples;
        var timestamp = DateTime.UnixEpoch.AddMilliseconds(scrape.TimestampMs);
        var status = ScrapeReport.Read(samples);
        var (labels, isTargetLabel) = TargetLabelReader.Read(samples);
        var order = SortByName(samples);
        CollectSummaryAndHistogramFamilies(samples);

        var mapper = target.Mapper;
        mapper.Begin(new ScrapeContext(timestamp, target.Instance, labels, target.KeepUnmapped));
        var fed = 0;
        for (var i = 0; i < samples.Count && !status.Down; i++)
        {
            var sample = samples[order[i]];
            if (!ScrapeReport.IsScrapeSeries(sample.Name))
            {
                Feed(mapper, sample, isTargetLabel);
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

    private void Feed(ScrapeMapper mapper, in PendingSample pending, bool[] isTargetLabel)
    {
        var series = pending.Series.Labels;
        var need = Encoding.UTF8.GetMaxByteCount(pending.Name.Length);
        foreach (var label in series)
        {
            need += Encoding.UTF8.GetMaxByteCount(label.Name.Length + label.Value.Length) + 2;
        }

        if (need > _buffer.Length)
        {
            _buffer = new byte[Math.Max(need, _buffer.Length * 2)];
        }

        if (series.Count > _ranges.Length)
        {
            _ranges = new LabelRange[Math.Max(series.Count, _ranges.Length * 2)];
        }

        var buffer = _buffer;
        var nameLength = Encoding.UTF8.GetBytes(pending.Name, buffer);
        var at = nameLength;
        var count = 0;
        bool hasLe = false, hasQuantile = false;
        foreach (var label in series)
        {
            var name = label.Name;
            if (name is "__name__" or "job" or "instance" || IsHiddenTargetLabel(name, isTargetLabel))
            {
                continue;
            }

            hasLe |= name == "le";
            hasQuantile |= name == "quantile";

            // Raw labels are name 0xFF value 0xFF …: 0xFF never occurs in UTF-8, so equal bytes mean equal label sets.
            var nameStart = at;
            at += Encoding.UTF8.GetBytes(name, buffer.AsSpan(at));
            var nameEnd = at;
            buffer[at++] = 0xFF;
            var valueStart = at;
            at += Encoding.UTF8.GetBytes(label.Value, buffer.AsSpan(at));
            _ranges[count++] = new LabelRange(nameStart, nameEnd - nameStart, valueStart, at - valueStart, ValueInScratch: false);
            buffer[at++] = 0xFF;
        }

        var (familyLength, type) = types.Classify(pending.Name, hasLe, hasQuantile, _families);
        var bytes = buffer.AsSpan(0, at);
        mapper.OnSample(new Sample
        {
            Name = bytes[..nameLength],
            FamilyName = bytes[..Encoding.UTF8.GetByteCount(pending.Name.AsSpan(0, familyLength))],
            Type = type,
            Labels = new LabelList(bytes, bytes, _ranges.AsSpan(0, count)),
            RawLabels = bytes[nameLength..],
            Value = pending.Value,
            TimestampMs = null,
        });
    }

    private static bool IsHiddenTargetLabel(string name, bool[] isTargetLabel)
    {
        var k = Array.IndexOf(TargetLabelReader.Keys, name);
        return k >= 0 && isTargetLabel[k];
    }

    /// <summary>Orders samples by metric name (then arrival), so each family's samples come together as in an exposition.</summary>
    private int[] SortByName(List<PendingSample> samples)
    {
        if (_order.Length < samples.Count)
        {
            _order = new int[Math.Max(samples.Count, _order.Length * 2)];
        }

        var order = _order;
        for (var i = 0; i < samples.Count; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, 0, samples.Count, Comparer<int>.Create((a, b) =>
        {
            var c = string.CompareOrdinal(samples[a].Name, samples[b].Name);
            return c != 0 ? c : a.CompareTo(b);
        }));
        return order;
    }

    private void CollectSummaryAndHistogramFamilies(List<PendingSample> samples)
    {
        _families.Clear();
        foreach (var s in samples)
        {
            if (s.Name.EndsWith("_bucket", StringComparison.Ordinal))
            {
                _families.Add(s.Name[..^"_bucket".Length]);
            }
            else if (s.Series.Labels.Any(l => l.Name == "quantile"))
            {
                _families.Add(s.Name);
            }
        }
    }
}
