using System.Text;
using Observability.Collectors.Exposition.Implementation;

namespace Observability.Collectors.Exposition;

/// <summary>
/// OpenMetrics metadata lines. A line for a new name starts a family; HELP, TYPE and UNIT each appear at most
/// once, before the family's samples, and a unit must end the family name (and is not allowed on info or stateset).
/// </summary>
public sealed partial class ExpositionParser
{
    private enum MetadataKind
    {
        Help,
        Type,
        Unit,
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
}
