using Observability.Collectors.Exposition.Implementation;

namespace Observability.Collectors.Exposition;

/// <summary>
/// Label storage shared by both formats: ranges into the body in a reused array, and values that contained
/// escapes unescaped into a reused scratch buffer, so that no label costs an allocation.
/// </summary>
public sealed partial class ExpositionParser
{
    private LabelRange[] _labels = new LabelRange[16];
    private int _labelCount;
    private ulong _nameFilterLow;
    private ulong _nameFilterHigh;
    private byte[] _scratch = new byte[256];
    private int _scratchLength;

    private enum QuotedStatus
    {
        Ok,
        Unterminated,
        BadEscape,
    }

    private ReadOnlySpan<byte> LabelName(ReadOnlySpan<byte> body, int index)
    {
        var r = _labels[index];
        return body.Slice(r.NameStart, r.NameLength);
    }

    private ReadOnlySpan<byte> LabelValue(ReadOnlySpan<byte> body, int index)
    {
        var r = _labels[index];
        return r.ValueInScratch ? _scratch.AsSpan(r.ValueStart, r.ValueLength) : body.Slice(r.ValueStart, r.ValueLength);
    }

    /// <summary>Index of the label called <paramref name="name"/> among those from <paramref name="from"/> to <paramref name="count"/>, or -1.</summary>
    private int FindLabel(ReadOnlySpan<byte> body, int from, int count, ReadOnlySpan<byte> name)
    {
        for (var k = from; k < count; k++)
        {
            var r = _labels[k];
            if (r.NameLength == name.Length && body.Slice(r.NameStart, r.NameLength).SequenceEqual(name))
            {
                return k;
            }
        }

        return -1;
    }

    private void ResetLabelNameFilter()
    {
        _nameFilterLow = 0;
        _nameFilterHigh = 0;
    }

    /// <summary>
    /// Whether a label from index <paramref name="from"/> on already has this name. A 128-bit Bloom filter over
    /// (length, first byte, last byte) answers most lookups; names are compared only on a filter hit, which
    /// keeps the check linear in the label count instead of quadratic.
    /// </summary>
    private bool IsDuplicateLabelName(ReadOnlySpan<byte> body, int from, ReadOnlySpan<byte> name)
    {
        var h = ((uint)name.Length * 0x9E3779B1u) ^ (name[0] * 0x85EBCA77u) ^ (name[^1] * 0xC2B2AE3Du);
        var bit = 1UL << (int)(h >> 26);
        ref var word = ref (h & (1u << 25)) == 0 ? ref _nameFilterLow : ref _nameFilterHigh;
        if ((word & bit) == 0)
        {
            word |= bit;
            return false;
        }

        return FindLabel(body, from, _labelCount, name) >= 0;
    }

    private bool CheckLabelName(ReadOnlySpan<byte> body, int start, int length, int line)
    {
        var max = Options.MaxLabelNameLength;
        return max <= 0 || length <= max || Fail(
            line,
            $"label name {ErrorText.Quote(body.Slice(start, length))} is {length} bytes long, over the limit MaxLabelNameLength={max}",
            ParseErrorKind.LabelLimit);
    }

    private bool AddLabel(ReadOnlySpan<byte> body, in LabelRange range, bool checkLimits, int line)
    {
        if (checkLimits)
        {
            var maxCount = Options.MaxLabelCount;
            if (maxCount > 0 && _labelCount >= maxCount)
            {
                return Fail(line, $"sample has more than MaxLabelCount={maxCount} labels", ParseErrorKind.LabelLimit);
            }

            var maxValue = Options.MaxLabelValueLength;
            if (maxValue > 0 && range.ValueLength > maxValue)
            {
                return Fail(
                    line,
                    $"value of label {ErrorText.Quote(body.Slice(range.NameStart, range.NameLength))} is {range.ValueLength} bytes long, " +
                    $"over the limit MaxLabelValueLength={maxValue}",
                    ParseErrorKind.LabelLimit);
            }
        }

        if (_labelCount == _labels.Length)
        {
            Array.Resize(ref _labels, _labels.Length * 2);
        }

        _labels[_labelCount++] = range;
        return true;
    }

    /// <summary>
    /// Reads a quoted label value; <paramref name="i"/> is at the opening quote and ends after the closing one.
    /// Values without a backslash stay in the body; escaped ones are unescaped into the scratch buffer.
    /// </summary>
    private QuotedStatus ReadQuoted(ReadOnlySpan<byte> body, ref int i, int end, bool keepUnknownEscapes, out LabelValueSpan value)
    {
        var start = i + 1;
        var rel = body[start..end].IndexOfAny((byte)'"', (byte)'\\');
        if (rel < 0)
        {
            value = new LabelValueSpan(start, end - start, false);
            i = end;
            return QuotedStatus.Unterminated;
        }

        var p = start + rel;
        if (body[p] == '"')
        {
            value = new LabelValueSpan(start, rel, false);
            i = p + 1;
            return QuotedStatus.Ok;
        }

        var scratchStart = _scratchLength;
        AppendScratch(body[start..p]);
        while (true)
        {
            if (p + 1 >= end)
            {
                value = new LabelValueSpan(scratchStart, _scratchLength - scratchStart, true);
                i = end;
                return QuotedStatus.Unterminated;
            }

            var c = body[p + 1];
            switch (c)
            {
                case (byte)'\\' or (byte)'"':
                    AppendScratch(c);
                    break;
                case (byte)'n':
                    AppendScratch((byte)'\n');
                    break;
                default:
                    if (!keepUnknownEscapes)
                    {
                        value = new LabelValueSpan(scratchStart, _scratchLength - scratchStart, true);
                        i = p;
                        return QuotedStatus.BadEscape;
                    }

                    // The OpenMetrics reference parser keeps unknown escapes such as \z as written.
                    AppendScratch((byte)'\\');
                    AppendScratch(c);
                    break;
            }

            var q = p + 2;
            rel = body[q..end].IndexOfAny((byte)'"', (byte)'\\');
            if (rel < 0)
            {
                AppendScratch(body[q..end]);
                value = new LabelValueSpan(scratchStart, _scratchLength - scratchStart, true);
                i = end;
                return QuotedStatus.Unterminated;
            }

            p = q + rel;
            AppendScratch(body[q..p]);
            if (body[p] == '"')
            {
                value = new LabelValueSpan(scratchStart, _scratchLength - scratchStart, true);
                i = p + 1;
                return QuotedStatus.Ok;
            }
        }
    }

    private ReadOnlySpan<byte> ValueBytes(ReadOnlySpan<byte> body, in LabelValueSpan v) =>
        v.InScratch ? _scratch.AsSpan(v.Start, v.Length) : body.Slice(v.Start, v.Length);

    private void AppendScratch(ReadOnlySpan<byte> bytes)
    {
        EnsureScratch(bytes.Length);
        bytes.CopyTo(_scratch.AsSpan(_scratchLength));
        _scratchLength += bytes.Length;
    }

    private void AppendScratch(byte b)
    {
        EnsureScratch(1);
        _scratch[_scratchLength++] = b;
    }

    private void EnsureScratch(int extra)
    {
        if (_scratchLength + extra > _scratch.Length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratchLength + extra, _scratch.Length * 2));
        }
    }

    /// <summary>Where a just-read label value lies: in the body or in the scratch buffer.</summary>
    private readonly record struct LabelValueSpan(int Start, int Length, bool InScratch);
}
