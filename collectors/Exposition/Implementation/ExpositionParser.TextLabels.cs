using System.Text.Unicode;
using Observability.Collectors.Exposition.Implementation;

namespace Observability.Collectors.Exposition;

/// <summary>
/// Text format label sets: <c>{name="value",...}</c> where blanks and tabs may surround every token and a
/// trailing comma is allowed. Values escape only <c>\\</c>, <c>\"</c> and <c>\n</c>.
/// </summary>
public sealed partial class ExpositionParser
{
    /// <summary>The label set; <paramref name="i"/> is at '{' and ends at the first byte of the value.</summary>
    private bool TextLabels(ReadOnlySpan<byte> body, ref int i, int end, bool terminated, bool hasBackslash, int line, int family, out int rawStart, out int rawEnd)
    {
        var f = _families[family];
        var metric = body.Slice(f.NameStart, f.NameLength);
        var quotes = new QuoteCursor(body);
        ResetLabelNameFilter();
        rawStart = i + 1;
        rawEnd = rawStart;
        i++;
        while (true)
        {
            i = Bytes.SkipBlankTab(body, i, end);
            if (i < end && body[i] == '}')
            {
                rawEnd = i;
                i = Bytes.SkipBlankTab(body, i + 1, end);
                return true;
            }

            if (i == end && !terminated)
            {
                return FailEndOfInput(line);
            }

            var ok = hasBackslash || !UseQuoteMaskFastPath
                ? TextLabel(body, ref i, end, terminated, line, f.Type, metric)
                : TextLabelQuick(body, ref i, end, terminated, line, f.Type, metric, ref quotes);
            if (!ok)
            {
                return false;
            }

            i = Bytes.SkipBlankTab(body, i, end);
            if (i == end && !terminated)
            {
                return FailEndOfInput(line);
            }

            if (i < end && body[i] == ',')
            {
                i++;
                continue;
            }

            if (i < end && body[i] == '}')
            {
                rawEnd = i;
                i = Bytes.SkipBlankTab(body, i + 1, end);
                return true;
            }

            var last = _labels[_labelCount - 1];
            return Fail(line, $"expected ',' or '}}' after the value of label {ErrorText.Quote(body.Slice(last.NameStart, last.NameLength))}, found {ErrorText.Found(body, i, end)}");
        }
    }

    /// <summary>
    /// The common <c>name="value"</c> label, found from the line's quote mask; anything else (blanks around
    /// '=', errors) goes to <see cref="TextLabel"/>, which accepts and rejects exactly the same way.
    /// </summary>
    private bool TextLabelQuick(
        ReadOnlySpan<byte> body, ref int i, int end, bool terminated, int line, MetricType type, ReadOnlySpan<byte> metric, ref QuoteCursor quotes)
    {
        var open = quotes.Next(i);
        var nameLength = open - 1 - i;
        if (open < end && nameLength > 0 && body[open - 1] == '=' && Bytes.IsLabelName(body, i, nameLength))
        {
            var close = quotes.Next(open + 1);
            if (close < end)
            {
                var nameStart = i;
                i = close + 1;
                return CommitTextLabel(body, nameStart, nameLength, new LabelValueSpan(open + 1, close - open - 1, false), line, type, metric);
            }
        }

        return TextLabel(body, ref i, end, terminated, line, type, metric);
    }

    /// <summary>One <c>name = "value"</c> pair; <paramref name="i"/> is at the name and ends after the closing quote.</summary>
    private bool TextLabel(ReadOnlySpan<byte> body, ref int i, int end, bool terminated, int line, MetricType type, ReadOnlySpan<byte> metric)
    {
        var nameStart = i;
        var nameEnd = Bytes.ScanLabelName(body, i, end);
        if (nameEnd == nameStart)
        {
            return Fail(line, $"invalid label name for metric {ErrorText.Quote(metric)}: expected [a-zA-Z_][a-zA-Z0-9_]*, found {ErrorText.Found(body, i, end)}");
        }

        var name = body[nameStart..nameEnd];
        i = Bytes.SkipBlankTab(body, nameEnd, end);
        if (i == end && !terminated)
        {
            return FailEndOfInput(line);
        }

        if (i == end || body[i] != '=')
        {
            return Fail(line, $"expected '=' after label name {ErrorText.Quote(name)}, found {ErrorText.Found(body, i, end)}");
        }

        i = Bytes.SkipBlankTab(body, i + 1, end);
        if (i == end && !terminated)
        {
            return FailEndOfInput(line);
        }

        if (i == end || body[i] != '"')
        {
            return Fail(line, $"expected '\"' at start of the value of label {ErrorText.Quote(name)}, found {ErrorText.Found(body, i, end)}");
        }

        var status = ReadQuoted(body, ref i, end, keepUnknownEscapes: false, out var v);
        if (status == QuotedStatus.BadEscape)
        {
            return Fail(line, $"invalid escape sequence '\\{ErrorText.Found(body, i + 1, end).Trim('\'')}' in the value of label {ErrorText.Quote(name)} (only \\\\, \\\" and \\n are allowed)");
        }

        if (status == QuotedStatus.Unterminated)
        {
            return terminated
                ? Fail(line, $"label value {ErrorText.Quote(ValueBytes(body, v))} of label {ErrorText.Quote(name)} is not closed before the end of the line (write a newline in a value as \\n)")
                : FailEndOfInput(line);
        }

        return CommitTextLabel(body, nameStart, name.Length, v, line, type, metric);
    }

    /// <summary>The checks Go's expfmt makes on a well-formed label, then the label is kept.</summary>
    private bool CommitTextLabel(ReadOnlySpan<byte> body, int nameStart, int nameLength, LabelValueSpan v, int line, MetricType type, ReadOnlySpan<byte> metric)
    {
        var name = body.Slice(nameStart, nameLength);
        if (name.SequenceEqual("__name__"u8))
        {
            return Fail(line, "label name \"__name__\" is reserved");
        }

        if (!CheckLabelName(body, nameStart, nameLength, line))
        {
            return false;
        }

        // Go keeps a summary's quantile and a histogram's le apart from the other labels, so it does not
        // count them as duplicates; it does parse them as floats.
        var special = (type == MetricType.Summary && name.SequenceEqual("quantile"u8)) ||
            (type == MetricType.Histogram && name.SequenceEqual("le"u8));
        if (!special && IsDuplicateLabelName(body, 0, name))
        {
            return Fail(line, $"duplicate label name {ErrorText.Quote(name)} for metric {ErrorText.Quote(metric)}");
        }

        var value = ValueBytes(body, v);
        if (!_bodyIsUtf8 && !Utf8.IsValid(value))
        {
            return Fail(line, $"invalid label value {ErrorText.Quote(value)} of label {ErrorText.Quote(name)}: not valid UTF-8");
        }

        if (special && !NumberParser.TryParseTextFloat(value, out _))
        {
            return Fail(line, $"expected float as value for '{(type == MetricType.Summary ? "quantile" : "le")}' label, got {ErrorText.Quote(value)}");
        }

        return AddLabel(body, new LabelRange(nameStart, nameLength, v.Start, v.Length, v.InScratch), checkLimits: true, line);
    }
}
