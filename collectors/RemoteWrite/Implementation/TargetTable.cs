using System.Text;
using System.Text.RegularExpressions;
using Observability.Collectors.Mapping;

namespace Observability.RemoteWrite.Implementation;

/// <summary>
/// Every target the intake has heard from (<c>job</c> × <c>instance</c>), each with its mappers and pending scrapes,
/// and the admission of samples into them: invalid series, staleness markers, samples from the future and samples
/// too late for their target are counted and left out. Not thread-safe: the intake calls it under its lock.
/// </summary>
internal sealed class TargetTable
{
    private const long StaleMarkerBits = 0x7ff0000000000002;

    private readonly RemoteWriteOptions _options;
    private readonly RemoteWriteMetrics _metrics;
    private readonly (Regex Job, RemoteWriteSourceRule Rule)[] _rules;
    private readonly ByteKeyMap<TargetAssembly> _targets = new();

    public TargetTable(RemoteWriteOptions options, RemoteWriteMetrics metrics)
    {
        _options = options;
        _metrics = metrics;
        _rules = [.. options.Sources.Select(r => (new Regex($"^(?:{r.Job})$", RegexOptions.CultureInvariant), r))];
    }

    /// <summary>Samples waiting in pending scrapes, all targets together.</summary>
    public int PendingSamples { get; set; }

    public IEnumerable<TargetAssembly> Targets => _targets.Values;

    /// <summary>Forgets targets with nothing pending whose last sample is older than <paramref name="quietFor"/>.</summary>
    public void ForgetQuiet(TimeProvider time, TimeSpan quietFor)
    {
        var now = time.GetTimestamp();
        _targets.RemoveWhere(t => t.Pending.Count == 0 && time.GetElapsedTime(t.LastArrival, now) > quietFor);
    }

    /// <summary>
    /// Takes every series of a checked body into its target's pending scrapes; returns the first problem of the
    /// series rejected (counted, the rest kept). <paramref name="now"/> is a <see cref="TimeProvider"/> timestamp,
    /// <paramref name="horizonMs"/> the latest sample time accepted.
    /// </summary>
    public string? Add(ReadOnlySpan<byte> body, SeriesView series, long now, long horizonMs, out int invalidSeries)
    {
        invalidSeries = 0;
        string? firstProblem = null;
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
                else if (sample.TimestampMs > horizonMs || sample.TimestampMs < 0)
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
                    PendingSamples++;
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
}
