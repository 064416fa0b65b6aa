using System.Buffers;
using System.Text;
using Observability.Collectors.Exposition.Implementation;

namespace Observability.Collectors.Exposition;

/// <summary>
/// OpenMetrics 1.0: the line loop, <c># EOF</c> and family boundaries. Stricter than
/// the text format: single spaces, no blank lines, no other comments, and the exposition ends with <c># EOF</c>.
/// The rules follow the specification's ABNF and the reference parser's checks (prometheus_client_python).
/// </summary>
public sealed partial class ExpositionParser
{
    private readonly NameSet _claimedNames = new();
    private OpenMetricsFamily _family;

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
