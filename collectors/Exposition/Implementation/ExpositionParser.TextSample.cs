using Observability.Collectors.Exposition.Implementation;

namespace Observability.Collectors.Exposition;

/// <summary>Prometheus text format sample lines: <c>name[{labels}] value [timestamp_ms]</c>.</summary>
public sealed partial class ExpositionParser
{
    private bool TextSample<TSink>(ReadOnlySpan<byte> body, int i, int end, bool terminated, bool hasBackslash, int line, ref TSink sink)
        where TSink : ISampleSink, allows ref struct
    {
        var nameStart = i;
        var nameEnd = Bytes.ScanMetricName(body, i, end);
        if (nameEnd == nameStart)
        {
            return Fail(line, $"invalid metric name: a line must start with a name matching [a-zA-Z_:][a-zA-Z0-9_:]*, found {ErrorText.Quote(body[i..end])}");
        }

        var family = TextSampleFamily(body, nameStart, nameEnd - nameStart);
        ref var f = ref _families[family];
        if (!f.TypeSet)
        {
            f.TypeSet = true;
            f.Type = MetricType.Unknown;
        }

        var type = f.Type;
        i = Bytes.SkipBlankTab(body, nameEnd, end);
        _labelCount = 0;
        _scratchLength = 0;
        int rawStart = i, rawEnd = i;
        if (i < end && body[i] == '{')
        {
            if (!TextLabels(body, ref i, end, terminated, hasBackslash, line, family, out rawStart, out rawEnd))
            {
                return false;
            }
        }

        // The value runs to the next blank or tab; Go reads it before looking at the line end.
        var valueStart = i;
        var valueEnd = Bytes.IndexOfBlankOrTab(body, i, end);
        if (valueEnd == end && !terminated)
        {
            return FailEndOfInput(line);
        }

        if (!NumberParser.TryParseTextFloat(body[valueStart..valueEnd], out var value))
        {
            return Fail(line, $"expected float as value, got {ErrorText.Quote(body[valueStart..valueEnd])}");
        }

        long? timestamp = null;
        if (valueEnd < end && !TextTimestamp(body, valueEnd, end, terminated, line, out timestamp))
        {
            return false;
        }

        var sample = new Sample
        {
            Name = body[nameStart..nameEnd],
            FamilyName = body.Slice(f.NameStart, f.NameLength),
            Type = type,
            Labels = CurrentLabels(body),
            RawLabels = body[rawStart..rawEnd],
            Value = value,
            TimestampMs = timestamp,
            LineNumber = line,
        };
        return Emit(ref sink, in sample);
    }

    private bool TextTimestamp(ReadOnlySpan<byte> body, int i, int end, bool terminated, int line, out long? timestamp)
    {
        timestamp = null;
        i = Bytes.SkipBlankTab(body, i, end);
        if (i == end)
        {
            return terminated
                ? Fail(line, "expected integer timestamp after the value, found end of line (trailing whitespace is not allowed)")
                : FailEndOfInput(line);
        }

        var tsEnd = Bytes.IndexOfBlankOrTab(body, i, end);
        if (tsEnd == end && !terminated)
        {
            return FailEndOfInput(line);
        }

        if (!NumberParser.TryParseInt64(body[i..tsEnd], out var ms))
        {
            return Fail(line, $"expected integer as timestamp (milliseconds), got {ErrorText.Quote(body[i..tsEnd])}");
        }

        if (tsEnd < end)
        {
            return terminated
                ? Fail(line, $"spurious string after timestamp: {ErrorText.Quote(body[tsEnd..end])}")
                : FailEndOfInput(line);
        }

        timestamp = ms;
        return true;
    }
}
