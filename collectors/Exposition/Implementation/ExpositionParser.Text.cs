using Observability.Collectors.Exposition.Implementation;

namespace Observability.Collectors.Exposition;

/// <summary>
/// Prometheus text format 0.0.4: the line loop and HELP/TYPE comments. The rules follow
/// Go's <c>expfmt.TextParser</c> (what <c>promtool check metrics</c> runs) so that both accept and reject
/// the same expositions: every line ends with '\n', blanks and tabs separate tokens, '\r' is not whitespace.
/// </summary>
public sealed partial class ExpositionParser
{
    private bool ParseText<TSink>(ReadOnlySpan<byte> body, ref TSink sink)
        where TSink : ISampleSink, allows ref struct
    {
        var pos = 0;
        var line = 0;
        while (true)
        {
            line++;
            pos = Bytes.SkipBlankTab(body, pos, body.Length);
            if (pos >= body.Length)
            {
                return true;
            }

            if (body[pos] == '\n')
            {
                pos++;
                continue;
            }

            var newline = Bytes.LineEnd(body, pos, out var hasBackslash);
            var terminated = newline >= 0;
            var end = terminated ? newline : body.Length;
            if (body[pos] == '.' && Bytes.IsElision(body, pos, end))
            {
                if (!Options.Lenient)
                {
                    return FailElision(line);
                }
            }
            else if (body[pos] == '#')
            {
                if (!TextComment(body, pos + 1, end, terminated, line))
                {
                    return false;
                }
            }
            else if (!TextSample(body, pos, end, terminated, hasBackslash, line, ref sink))
            {
                return false;
            }

            if (!terminated)
            {
                return true;
            }

            pos = end + 1;
        }
    }

    private bool FailEndOfInput(int line) => Fail(
        line,
        "unexpected end of input: the last line does not end with a newline " +
        "(the Prometheus text format, like promtool, requires '\\n' after every line)");

    /// <summary>A comment line; <paramref name="i"/> is just after '#'. Only HELP and TYPE carry meaning.</summary>
    private bool TextComment(ReadOnlySpan<byte> body, int i, int end, bool terminated, int line)
    {
        i = Bytes.SkipBlankTab(body, i, end);
        var keywordStart = i;
        i = Bytes.IndexOfBlankOrTab(body, i, end);
        if (i == end)
        {
            // A bare comment, or HELP/TYPE with nothing after it: not an error in the text format.
            return terminated || FailEndOfInput(line);
        }

        var keyword = body[keywordStart..i];
        var isHelp = keyword.SequenceEqual("HELP"u8);
        if (!isHelp && !keyword.SequenceEqual("TYPE"u8))
        {
            return terminated || FailEndOfInput(line);
        }

        i = Bytes.SkipBlankTab(body, i, end);
        var nameStart = i;
        i = Bytes.ScanMetricName(body, i, end);
        if (i == end)
        {
            return terminated || FailEndOfInput(line);
        }

        if (!Bytes.IsBlankOrTab(body[i]))
        {
            return Fail(line, $"invalid metric name in {(isHelp ? "HELP" : "TYPE")} line: found {ErrorText.Found(body[i])} in {ErrorText.Quote(body[nameStart..end])}");
        }

        var family = ResolveTextFamily(body, nameStart, i - nameStart);
        i = Bytes.SkipBlankTab(body, i, end);
        if (i == end)
        {
            return terminated || FailEndOfInput(line);
        }

        ref var f = ref _families[family];
        var familyName = body.Slice(f.NameStart, f.NameLength);
        if (isHelp)
        {
            if (f.HasHelp)
            {
                return Fail(line, $"second HELP line for metric name {ErrorText.Quote(familyName)}");
            }

            if (!CheckHelpEscapes(body, i, end, terminated, line))
            {
                return false;
            }

            f.HasHelp = true;
            return true;
        }

        if (f.TypeSet)
        {
            return Fail(line, $"second TYPE line for metric name {ErrorText.Quote(familyName)}, or TYPE reported after its samples");
        }

        if (!terminated)
        {
            return FailEndOfInput(line);
        }

        if (!TryParseTextType(body[i..end], out var type))
        {
            return Fail(line, $"unknown metric type {ErrorText.Quote(body[i..end])} (expected counter, gauge, histogram, summary, untyped or gauge_histogram)");
        }

        f.Type = type;
        f.TypeSet = true;
        return true;
    }

    /// <summary>HELP text may only escape '\\' and 'n' in the text format.</summary>
    private bool CheckHelpEscapes(ReadOnlySpan<byte> body, int i, int end, bool terminated, int line)
    {
        while (true)
        {
            var rel = body[i..end].IndexOf((byte)'\\');
            if (rel < 0)
            {
                return terminated || FailEndOfInput(line);
            }

            var p = i + rel + 1;
            if (p == end && !terminated)
            {
                return FailEndOfInput(line);
            }

            if (p == end || body[p] is not ((byte)'\\' or (byte)'n'))
            {
                return Fail(line, $"invalid escape sequence '\\{(p == end ? "<newline>" : ErrorText.Found(body[p]).Trim('\''))}' in HELP text (only \\\\ and \\n are allowed)");
            }

            i = p + 1;
        }
    }

    private static bool TryParseTextType(ReadOnlySpan<byte> word, out MetricType type)
    {
        // Go upper-cases the word and looks it up among the protobuf enum names.
        type = MetricType.Unknown;
        if (TypeWordIs(word, "counter"u8))
        {
            type = MetricType.Counter;
        }
        else if (TypeWordIs(word, "gauge"u8))
        {
            type = MetricType.Gauge;
        }
        else if (TypeWordIs(word, "histogram"u8))
        {
            type = MetricType.Histogram;
        }
        else if (TypeWordIs(word, "summary"u8))
        {
            type = MetricType.Summary;
        }
        else if (TypeWordIs(word, "gauge_histogram"u8))
        {
            type = MetricType.GaugeHistogram;
        }
        else if (!TypeWordIs(word, "untyped"u8))
        {
            return false;
        }

        return true;
    }

    /// <summary>
    /// Case-insensitive match that skips backslashes: Go reads the TYPE word with escapes off, which drops
    /// every backslash instead of keeping it, so <c>gaug\e</c> is read as <c>gauge</c>.
    /// </summary>
    private static bool TypeWordIs(ReadOnlySpan<byte> word, ReadOnlySpan<byte> expected)
    {
        var j = 0;
        foreach (var b in word)
        {
            if (b == '\\')
            {
                continue;
            }

            if (j == expected.Length || (Bytes.IsLetter(b) ? (b | 0x20) != expected[j] : b != expected[j]))
            {
                return false;
            }

            j++;
        }

        return j == expected.Length;
    }
}
