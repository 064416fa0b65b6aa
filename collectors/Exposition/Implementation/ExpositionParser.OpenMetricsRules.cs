using Observability.Collectors.Exposition.Implementation;

namespace Observability.Collectors.Exposition;

/// <summary>
/// OpenMetrics semantics per sample: which family it belongs to, what values its type allows, and the
/// ordering rules (a group's samples are contiguous, timestamps do not go backwards, histograms are consistent).
/// Label sets are identified by order-independent 64-bit hashes, so the checks copy and allocate nothing.
/// </summary>
public sealed partial class ExpositionParser
{
    private const ulong SeriesNameSeed = 0x2545F4914F6CDD1DUL;

    // Groups (label sets without the type's special label) already seen in the current family.
    private readonly HashSet<ulong> _seenGroups = [];

    // Series seen in the current group at the current timestamp: exact repeats are dropped, as the reference parser does.
    // Most groups hold one series (a gauge per label set), so the first is kept inline and the set is used from the second on.
    private readonly HashSet<ulong> _groupSeries = [];
    private int _groupSeriesCount;
    private ulong _firstGroupSeries;
    private bool _groupActive;
    private ulong _group;
    private Int128? _groupTimestamp;
    private HistogramChecker _histogram;

    private void ResetGroups()
    {
        _seenGroups.Clear();
        _groupSeriesCount = 0;
        _groupActive = false;
        _histogram.Stop();
    }

    private bool OpenMetricsSampleRules<TSink>(
        ReadOnlySpan<byte> body, int nameStart, int nameEnd, int rawStart, int rawEnd, double value, Int128? timestamp, bool hasExemplar, int line, ref TSink sink)
        where TSink : ISampleSink, allows ref struct
    {
        var name = body[nameStart..nameEnd];
        if (!BelongsToFamily(body, name, out var suffix))
        {
            // Not one of the current family's names: an untyped family of its own starts here.
            if (!EndFamily(body))
            {
                return false;
            }

            StartFamily(nameStart, nameEnd - nameStart, line);
            suffix = Suffix.None;
        }

        _family.HasSamples = true;
        var type = _family.Type;
        if (!CheckTypeRules(body, type, suffix, value, hasExemplar, line, out var special, out var le))
        {
            return false;
        }

        ulong all = 0, specialHash = 0;
        for (var k = 0; k < _labelCount; k++)
        {
            var h = ByteHash.Label(LabelName(body, k), LabelValue(body, k));
            all += h;
            if (k == special)
            {
                specialHash = h;
            }
        }

        // An info family's samples form one group: the reference parser cannot tell its groups apart.
        var group = type == MetricType.Info ? 0 : all - specialHash;
        var series = all + ByteHash.Hash(name, SeriesNameSeed);
        if (!TrackGroup(group, series, timestamp, type, line, out var duplicate))
        {
            return false;
        }

        if (duplicate)
        {
            return true;
        }

        if (type is MetricType.Histogram or MetricType.GaugeHistogram)
        {
            if (!_histogram.IsSameGroup(group, timestamp))
            {
                if (!FinishHistogramGroup(body))
                {
                    return false;
                }

                _histogram.Start(group, timestamp);
            }

            var error = _histogram.Add(suffix, le, value, line);
            if (error is not null)
            {
                return Fail(line, $"{ErrorText.Quote(FamilyName(body))}: {error}");
            }
        }

        var sample = new Sample
        {
            Name = name,
            FamilyName = FamilyName(body),
            Type = type,
            Labels = CurrentLabels(body),
            RawLabels = body[rawStart..rawEnd],
            Value = value,
            TimestampMs = timestamp is { } ns ? NumberParser.NanosToMillis(ns) : null,
            LineNumber = line,
        };
        return Emit(ref sink, in sample);
    }

    private bool BelongsToFamily(ReadOnlySpan<byte> body, ReadOnlySpan<byte> name, out Suffix suffix)
    {
        suffix = Suffix.None;
        return _family.Active &&
            name.StartsWith(FamilyName(body)) &&
            Suffixes.TryParse(name[_family.NameLength..], out suffix) &&
            Suffixes.IsAllowed(_family.Type, suffix);
    }

    private bool FinishHistogramGroup(ReadOnlySpan<byte> body)
    {
        if (!_histogram.Active)
        {
            return true;
        }

        _histogram.Stop();
        var error = _histogram.Finish();
        return error is null || Fail(_histogram.LastLine, $"{ErrorText.Quote(FamilyName(body))}: {error}");
    }

    /// <summary>Contiguity and timestamp order within the family; <paramref name="duplicate"/> marks an exact repeat to drop.</summary>
    private bool TrackGroup(ulong group, ulong series, Int128? timestamp, MetricType type, int line, out bool duplicate)
    {
        duplicate = false;
        var sameGroup = _groupActive && group == _group;
        if (!sameGroup)
        {
            if (!_seenGroups.Add(group))
            {
                return Fail(line, "samples of one group (the same labels) must be contiguous within their family");
            }

            _groupSeriesCount = 0;
        }
        else
        {
            if (timestamp.HasValue != _groupTimestamp.HasValue)
            {
                return Fail(line, "a group mixes samples with and without timestamps");
            }

            if (timestamp < _groupTimestamp && type != MetricType.Info)
            {
                return Fail(line, "timestamps went backwards within a group");
            }

            if (timestamp != _groupTimestamp)
            {
                _groupSeriesCount = 0;
            }
        }

        duplicate = !AddGroupSeries(series);
        _groupActive = true;
        _group = group;
        _groupTimestamp = timestamp;
        return true;
    }

    private bool AddGroupSeries(ulong series)
    {
        if (_groupSeriesCount == 0)
        {
            _firstGroupSeries = series;
            _groupSeriesCount = 1;
            return true;
        }

        if (_groupSeriesCount == 1)
        {
            if (series == _firstGroupSeries)
            {
                return false;
            }

            _groupSeries.Clear();
            _groupSeries.Add(_firstGroupSeries);
            _groupSeriesCount = 2;
        }

        return _groupSeries.Add(series);
    }
}
