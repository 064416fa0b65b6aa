using Observability.Collectors.Exposition.Implementation;

namespace Observability.Collectors.Exposition;

/// <summary>
/// OpenMetrics sample syntax: <c>name[{labels}] SP value [SP timestamp] [SP # SP {labels} SP value [SP timestamp]]</c>,
/// with no other whitespace anywhere.
/// </summary>
public sealed partial class ExpositionParser
{
    /// <summary>Exemplar label names and values together may not exceed this many code points.</summary>
    private const int MaxExemplarLabelCodePoints = 128;

    private bool OpenMetricsSample<TSink>(ReadOnlySpan<byte> body, int pos, int end, bool hasBackslash, int line, ref TSink sink)
        where TSink : ISampleSink, allows ref struct
    {
        var nameEnd = Bytes.ScanMetricName(body, pos, end);
        if (nameEnd == pos)
        {
            return Fail(line, $"invalid metric name: a sample line must start with a name matching [a-zA-Z_:][a-zA-Z0-9_:]*, found {ErrorText.Quote(body[pos..end])}");
        }

        _labelCount = 0;
        _scratchLength = 0;
        var i = nameEnd;
        int rawStart = i, rawEnd = i;
        var quotes = new QuoteCursor(hasBackslash || !UseQuoteMaskFastPath ? default : body);
        if (i < end && body[i] == '{' && !OpenMetricsLabels(body, ref i, end, line, exemplar: false, ref quotes, out rawStart, out rawEnd))
        {
            return false;
        }

        if (i == end || body[i] != ' ')
        {
            return Fail(line, $"expected a single space and the value after {(rawEnd > rawStart || i > nameEnd ? "the labels" : "the metric name")}, found {ErrorText.Found(body, i, end)}");
        }

        var valueStart = i + 1;
        var valueEnd = Bytes.IndexOfSpace(body, valueStart, end);
        if (!NumberParser.TryParseOpenMetricsFloat(body[valueStart..valueEnd], out var value))
        {
            return Fail(line, $"invalid value {ErrorText.Quote(body[valueStart..valueEnd])} (OpenMetrics numbers are decimal, +Inf, -Inf or NaN; one space separates fields)");
        }

        Int128? timestamp = null;
        var hasExemplar = false;
        i = valueEnd;
        if (i < end)
        {
            i++;
            if (i == end || body[i] != '#')
            {
                var tsEnd = Bytes.IndexOfSpace(body, i, end);
                if (!NumberParser.TryParseOpenMetricsTimestamp(body[i..tsEnd], out var nanos))
                {
                    return Fail(line, $"invalid timestamp {ErrorText.Quote(body[i..tsEnd])} (OpenMetrics timestamps are decimal seconds; one space separates fields)");
                }

                timestamp = nanos;
                i = tsEnd;
                if (i < end && (++i == end || body[i] != '#'))
                {
                    return Fail(line, $"unexpected text after the timestamp: {ErrorText.Quote(body[(i - 1)..end])}");
                }
            }

            if (i < end)
            {
                if (!OpenMetricsExemplar(body, i, end, line, ref quotes))
                {
                    return false;
                }

                hasExemplar = true;
            }
        }

        return OpenMetricsSampleRules(body, pos, nameEnd, rawStart, rawEnd, value, timestamp, hasExemplar, line, ref sink);
    }

    /// <summary><c># {labels} value [timestamp]</c>; <paramref name="i"/> is at '#'. Validated, not kept.</summary>
    private bool OpenMetricsExemplar(ReadOnlySpan<byte> body, int i, int end, int line, ref QuoteCursor quotes)
    {
        if (!body[i..end].StartsWith("# {"u8))
        {
            return Fail(line, $"invalid exemplar {ErrorText.Quote(body[i..end])}: expected '# {{labels}} value [timestamp]'");
        }

        i += 2;
        var labelMark = _labelCount;
        var scratchMark = _scratchLength;
        if (!OpenMetricsLabels(body, ref i, end, line, exemplar: true, ref quotes, out _, out _))
        {
            return false;
        }

        var codePoints = 0;
        for (var k = labelMark; k < _labelCount; k++)
        {
            codePoints += Bytes.CountCodePoints(LabelName(body, k)) + Bytes.CountCodePoints(LabelValue(body, k));
        }

        _labelCount = labelMark;
        _scratchLength = scratchMark;
        if (codePoints > MaxExemplarLabelCodePoints)
        {
            return Fail(line, $"exemplar labels are {codePoints} characters long; OpenMetrics allows at most {MaxExemplarLabelCodePoints}");
        }

        if (i == end || body[i] != ' ')
        {
            return Fail(line, $"expected a space and the exemplar value after its labels, found {ErrorText.Found(body, i, end)}");
        }

        var valueEnd = Bytes.IndexOfSpace(body, i + 1, end);
        if (!NumberParser.TryParseOpenMetricsFloat(body[(i + 1)..valueEnd], out _))
        {
            return Fail(line, $"invalid exemplar value {ErrorText.Quote(body[(i + 1)..valueEnd])}");
        }

        if (valueEnd < end && !NumberParser.TryParseOpenMetricsTimestamp(body[(valueEnd + 1)..end], out _))
        {
            return Fail(line, $"invalid exemplar timestamp {ErrorText.Quote(body[(valueEnd + 1)..end])}");
        }

        return true;
    }

    /// <summary>
    /// <c>{name="value",...}</c> with no spaces and no trailing comma; <paramref name="i"/> is at '{' and ends after '}'.
    /// <paramref name="quotes"/> is over an empty span when the line has a backslash: quotes may then be escaped.
    /// </summary>
    private bool OpenMetricsLabels(ReadOnlySpan<byte> body, ref int i, int end, int line, bool exemplar, ref QuoteCursor quotes, out int rawStart, out int rawEnd)
    {
        rawStart = i + 1;
        rawEnd = rawStart;
        i++;
        if (i < end && body[i] == '}')
        {
            i++;
            return true;
        }

        var first = _labelCount;
        ResetLabelNameFilter();
        while (true)
        {
            var nameStart = i;
            int nameEnd;
            LabelValueSpan v;
            var open = quotes.Next(i);
            var close = open < end ? quotes.Next(open + 1) : int.MaxValue;
            if (close < end && open - 1 > i && body[open - 1] == '=' && Bytes.IsLabelName(body, i, open - 1 - i))
            {
                // The common name="value", read from the line's quote mask.
                nameEnd = open - 1;
                v = new LabelValueSpan(open + 1, close - open - 1, false);
                i = close + 1;
            }
            else if (!OpenMetricsLabelSyntax(body, ref i, end, line, out nameEnd, out v))
            {
                return false;
            }

            var name = body[nameStart..nameEnd];
            if (!exemplar && !CheckLabelName(body, nameStart, name.Length, line))
            {
                return false;
            }

            if (IsDuplicateLabelName(body, first, name))
            {
                return Fail(line, $"duplicate label name {ErrorText.Quote(name)}");
            }

            if (!AddLabel(body, new LabelRange(nameStart, name.Length, v.Start, v.Length, v.InScratch), checkLimits: !exemplar, line))
            {
                return false;
            }

            if (i < end && body[i] == ',')
            {
                i++;
                continue;
            }

            if (i < end && body[i] == '}')
            {
                rawEnd = i;
                i++;
                return true;
            }

            return Fail(line, $"expected ',' or '}}' after the value of label {ErrorText.Quote(name)}, found {ErrorText.Found(body, i, end)}");
        }
    }

    private bool OpenMetricsLabelSyntax(ReadOnlySpan<byte> body, ref int i, int end, int line, out int nameEnd, out LabelValueSpan v)
    {
        v = default;
        nameEnd = Bytes.ScanLabelName(body, i, end);
        if (nameEnd == i)
        {
            return Fail(line, $"invalid label name: expected [a-zA-Z_][a-zA-Z0-9_]*, found {ErrorText.Found(body, i, end)}");
        }

        var name = body[i..nameEnd];
        if (nameEnd == end || body[nameEnd] != '=')
        {
            return Fail(line, $"expected '=' after label name {ErrorText.Quote(name)}, found {ErrorText.Found(body, nameEnd, end)}");
        }

        i = nameEnd + 1;
        if (i == end || body[i] != '"')
        {
            return Fail(line, $"expected '\"' at start of the value of label {ErrorText.Quote(name)}, found {ErrorText.Found(body, i, end)}");
        }

        return ReadQuoted(body, ref i, end, keepUnknownEscapes: true, out v) == QuotedStatus.Ok ||
            Fail(line, $"the value of label {ErrorText.Quote(name)} is not closed before the end of the line");
    }
}
