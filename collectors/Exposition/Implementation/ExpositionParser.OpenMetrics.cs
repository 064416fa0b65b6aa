using System.Buffers;
using System.Text;
using Observability.Collectors.Exposition.Implementation;

namespace Observability.Collectors.Exposition;

/// <summary>
/// OpenMetrics 1.0: the line loop, metadata (HELP, TYPE, UNIT, EOF) and family boundaries. Stricter than
/// the text format: single spaces, no blank lines, no other comments, and the exposition ends with <c># EOF</c>.
/// The rules follow the specification's ABNF and the reference parser's checks (prometheus_client_python).
/// </summary>
public sealed partial class ExpositionParser
{
    private readonly NameSet _claimedNames = new();
    private OpenMetricsFamily _family;

    private enum MetadataKind
    {
        Help,
        Type,
        Unit,
    }

    private void ResetOpenMetrics()
    {
        _claimedNames.Clear();
        _family = default;
        ResetGroups();
    }

    private bool ParseOpenMetrics<TSink>(ReadOnlySpan<byte> body, ref TSink sink)
        where TSink : ISampleSink, allows ref struct
    {
        if (!_bodyIsUtf8)
        {
            return FailInvalidUtf8(body);
        }

        var pos = 0;
        var line = 0;
        var sawEof = false;
        while (pos < body.Length)
        {
            line++;
            var newline = Bytes.LineEnd(body, pos, out var hasBackslash);
            var terminated = newline >= 0;
            var end = terminated ? newline : body.Length;
            if (!(Options.Lenient && Bytes.IsElision(body, pos, end)) && !OpenMetricsLine(body, pos, end, hasBackslash, line, ref sawEof, ref sink))
            {
                return false;
            }

            if (!terminated)
            {
                break;
            }

            pos = end + 1;
        }

        return sawEof || Fail(Math.Max(line, 1), "missing '# EOF': an OpenMetrics exposition must end with a '# EOF' line");
    }

    private bool OpenMetricsLine<TSink>(ReadOnlySpan<byte> body, int pos, int end, bool hasBackslash, int line, ref bool sawEof, ref TSink sink)
        where TSink : ISampleSink, allows ref struct
    {
        if (sawEof)
        {
            return Fail(line, "text after '# EOF': nothing may follow the EOF line");
        }

        if (pos == end)
        {
            return Fail(line, "blank lines are not allowed in OpenMetrics");
        }

        if (Bytes.IsElision(body, pos, end))
        {
            return FailElision(line);
        }

        if (body[pos..end].SequenceEqual("# EOF"u8))
        {
            sawEof = true;
            return EndFamily(body);
        }

        return body[pos] == '#' ? OpenMetricsMetadata(body, pos, end, line) : OpenMetricsSample(body, pos, end, hasBackslash, line, ref sink);
    }

    private bool FailInvalidUtf8(ReadOnlySpan<byte> body)
    {
        var i = 0;
        while (i < body.Length && Rune.DecodeFromUtf8(body[i..], out _, out var consumed) == OperationStatus.Done)
        {
            i += consumed;
        }

        return Fail(body[..i].Count((byte)'\n') + 1, "invalid UTF-8: an OpenMetrics exposition must be UTF-8 text");
    }

    /// <summary><c># HELP|TYPE|UNIT name text</c>, each part separated by exactly one space.</summary>
    private bool OpenMetricsMetadata(ReadOnlySpan<byte> body, int pos, int end, int line)
    {
        if (!body[pos..end].StartsWith("# "u8))
        {
            return Fail(line, $"invalid comment {ErrorText.Quote(body[pos..end])}: OpenMetrics only allows '# HELP', '# TYPE', '# UNIT' and '# EOF' lines");
        }

        var keywordStart = pos + 2;
        var keywordEnd = Bytes.IndexOfSpace(body, keywordStart, end);
        var keyword = body[keywordStart..keywordEnd];
        MetadataKind kind;
        if (keyword.SequenceEqual("HELP"u8))
        {
            kind = MetadataKind.Help;
        }
        else if (keyword.SequenceEqual("TYPE"u8))
        {
            kind = MetadataKind.Type;
        }
        else if (keyword.SequenceEqual("UNIT"u8))
        {
            kind = MetadataKind.Unit;
        }
        else
        {
            return Fail(line, $"invalid comment {ErrorText.Quote(body[pos..end])}: OpenMetrics only allows '# HELP', '# TYPE', '# UNIT' and '# EOF' lines");
        }

        var nameStart = keywordEnd + 1;
        var nameEnd = nameStart > end ? end : Bytes.IndexOfSpace(body, nameStart, end);
        if (nameEnd == end)
        {
            return Fail(line, $"'# {Encoding.ASCII.GetString(keyword)}' needs a metric name and then a space and its text");
        }

        if (Bytes.ScanMetricName(body, nameStart, nameEnd) != nameEnd || nameEnd == nameStart)
        {
            return Fail(line, $"invalid metric name {ErrorText.Quote(body[nameStart..nameEnd])} in '# {Encoding.ASCII.GetString(keyword)}' line");
        }

        if (!_family.Active || !body[nameStart..nameEnd].SequenceEqual(FamilyName(body)))
        {
            if (!EndFamily(body))
            {
                return false;
            }

            StartFamily(nameStart, nameEnd - nameStart, line);
        }
        else if (_family.HasSamples)
        {
            return Fail(line, $"metadata for {ErrorText.Quote(FamilyName(body))} after its samples: HELP, TYPE and UNIT must come first");
        }

        var text = body[(nameEnd + 1)..end];
        return kind switch
        {
            MetadataKind.Help => SetHelp(body, line),
            MetadataKind.Type => SetType(body, text, line),
            _ => SetUnit(body, nameEnd + 1, text.Length, line),
        };
    }

    private bool SetHelp(ReadOnlySpan<byte> body, int line)
    {
        if (_family.HasHelp)
        {
            return Fail(line, $"second HELP line for {ErrorText.Quote(FamilyName(body))}");
        }

        _family.HasHelp = true;
        return true;
    }

    private bool SetType(ReadOnlySpan<byte> body, ReadOnlySpan<byte> word, int line)
    {
        if (_family.HasType)
        {
            return Fail(line, $"second TYPE line for {ErrorText.Quote(FamilyName(body))}");
        }

        if (!TryParseOpenMetricsType(word, out var type))
        {
            return Fail(
                line,
                word.SequenceEqual("untyped"u8)
                    ? "TYPE 'untyped' is the Prometheus text format's name; OpenMetrics calls it 'unknown'"
                    : $"unknown metric type {ErrorText.Quote(word)} (expected counter, gauge, histogram, gaugehistogram, stateset, info, summary or unknown)");
        }

        _family.Type = type;
        _family.HasType = true;
        return CheckUnitAllowed(body, line);
    }

    private bool SetUnit(ReadOnlySpan<byte> body, int unitStart, int unitLength, int line)
    {
        if (_family.HasUnit)
        {
            return Fail(line, $"second UNIT line for {ErrorText.Quote(FamilyName(body))}");
        }

        var name = FamilyName(body);
        var unit = body.Slice(unitStart, unitLength);
        if (unit.Length > 0 && !(name.Length > unit.Length && name[^(unit.Length + 1)] == '_' && name.EndsWith(unit)))
        {
            return Fail(line, $"unit {ErrorText.Quote(unit)} does not match metric name {ErrorText.Quote(name)}: the name must end with \"_{Encoding.UTF8.GetString(unit)}\"");
        }

        _family.HasUnit = true;
        _family.UnitLength = unitLength;
        return CheckUnitAllowed(body, line);
    }

    private bool CheckUnitAllowed(ReadOnlySpan<byte> body, int line) =>
        _family.UnitLength == 0 || _family.Type is not (MetricType.Info or MetricType.StateSet) ||
        Fail(line, $"{ErrorText.Quote(FamilyName(body))} is a{(_family.Type == MetricType.Info ? "n info" : " stateset")} and cannot have a unit");

    private static bool TryParseOpenMetricsType(ReadOnlySpan<byte> word, out MetricType type)
    {
        type = word switch
        {
            _ when word.SequenceEqual("counter"u8) => MetricType.Counter,
            _ when word.SequenceEqual("gauge"u8) => MetricType.Gauge,
            _ when word.SequenceEqual("histogram"u8) => MetricType.Histogram,
            _ when word.SequenceEqual("gaugehistogram"u8) => MetricType.GaugeHistogram,
            _ when word.SequenceEqual("stateset"u8) => MetricType.StateSet,
            _ when word.SequenceEqual("info"u8) => MetricType.Info,
            _ when word.SequenceEqual("summary"u8) => MetricType.Summary,
            _ when word.SequenceEqual("unknown"u8) => MetricType.Unknown,
            _ => (MetricType)255,
        };
        return type != (MetricType)255;
    }

    private ReadOnlySpan<byte> FamilyName(ReadOnlySpan<byte> body) => body.Slice(_family.NameStart, _family.NameLength);

    private void StartFamily(int nameStart, int nameLength, int line)
    {
        _family = new OpenMetricsFamily { Active = true, NameStart = nameStart, NameLength = nameLength, Line = line };
        ResetGroups();
    }

    /// <summary>
    /// Closes the current family: its last histogram group is checked and its sample names are claimed,
    /// so that a later family reusing one (or the same family split in two) fails the parse.
    /// </summary>
    private bool EndFamily(ReadOnlySpan<byte> body)
    {
        if (!_family.Active)
        {
            return true;
        }

        _family.Active = false;
        if (!FinishHistogramGroup(body))
        {
            return false;
        }

        for (var suffix = Suffix.None; suffix <= Suffix.Info; suffix++)
        {
            if ((suffix == Suffix.None || Suffixes.IsAllowed(_family.Type, suffix)) &&
                !_claimedNames.Add(body, _family.NameStart, _family.NameLength, suffix))
            {
                return Fail(
                    _family.Line,
                    $"metric family {ErrorText.Quote(FamilyName(body))} clashes with an earlier family over the name " +
                    $"\"{Encoding.UTF8.GetString(FamilyName(body))}{Encoding.ASCII.GetString(Suffixes.Bytes(suffix))}\" " +
                    "(each family's lines must be contiguous and sample names must not overlap)");
            }
        }

        return true;
    }

    private struct OpenMetricsFamily
    {
        public bool Active;
        public int NameStart;
        public int NameLength;
        public int Line;
        public MetricType Type;
        public bool HasType;
        public bool HasHelp;
        public bool HasUnit;
        public int UnitLength;
        public bool HasSamples;
    }
}
