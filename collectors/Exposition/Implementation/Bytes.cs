using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Observability.Collectors.Exposition.Implementation;

/// <summary>Byte classes of the exposition grammars, with vectorised scans for the hot path.</summary>
internal static class Bytes
{
    public static readonly SearchValues<byte> MetricNameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:"u8);

    public static readonly SearchValues<byte> LabelNameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"u8);

    public static bool IsLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    public static bool IsMetricNameStart(byte b) => IsLetter(b) || b == '_' || b == ':';

    public static bool IsLabelNameStart(byte b) => IsLetter(b) || b == '_';

    public static bool IsBlankOrTab(byte b) => b == ' ' || b == '\t';

    public static int SkipBlankTab(ReadOnlySpan<byte> s, int i, int end)
    {
        while (i < end && (s[i] == ' ' || s[i] == '\t'))
        {
            i++;
        }

        return i;
    }

    /// <summary>End of the metric name starting at <paramref name="i"/>; <paramref name="i"/> itself when no name starts there.</summary>
    public static int ScanMetricName(ReadOnlySpan<byte> s, int i, int end)
    {
        if (i >= end || !IsMetricNameStart(s[i]))
        {
            return i;
        }

        var rel = s[(i + 1)..end].IndexOfAnyExcept(MetricNameChars);
        return rel < 0 ? end : i + 1 + rel;
    }

    /// <summary>End of the label name starting at <paramref name="i"/>; <paramref name="i"/> itself when no name starts there.</summary>
    public static int ScanLabelName(ReadOnlySpan<byte> s, int i, int end)
    {
        if (i >= end || !IsLabelNameStart(s[i]))
        {
            return i;
        }

        var rel = s[(i + 1)..end].IndexOfAnyExcept(LabelNameChars);
        return rel < 0 ? end : i + 1 + rel;
    }

    /// <summary>
    /// Whether <c>s[i..i+length]</c> is a label name (<c>[a-zA-Z_][a-zA-Z0-9_]*</c>). Names up to 32 bytes are
    /// classified with one vector compare instead of a byte loop whose exit would be mispredicted.
    /// </summary>
    public static bool IsLabelName(ReadOnlySpan<byte> s, int i, int length)
    {
        if (length <= 0 || !IsLabelNameStart(s[i]))
        {
            return false;
        }

        if (length <= 32 && i + 32 <= s.Length && Vector256.IsHardwareAccelerated)
        {
            var v = Vector256.LoadUnsafe(ref Unsafe.Add(ref MemoryMarshal.GetReference(s), i));
            var letter = Vector256.LessThanOrEqual((v | Vector256.Create((byte)0x20)) - Vector256.Create((byte)'a'), Vector256.Create((byte)('z' - 'a')));
            var digit = Vector256.LessThanOrEqual(v - Vector256.Create((byte)'0'), Vector256.Create((byte)9));
            var ok = (letter | digit | Vector256.Equals(v, Vector256.Create((byte)'_'))).ExtractMostSignificantBits();
            var want = length == 32 ? uint.MaxValue : (1u << length) - 1;
            return (ok & want) == want;
        }

        return s.Slice(i, length).IndexOfAnyExcept(LabelNameChars) < 0;
    }

    /// <summary>First blank or tab at or after <paramref name="i"/>, or <paramref name="end"/>.</summary>
    public static int IndexOfBlankOrTab(ReadOnlySpan<byte> s, int i, int end)
    {
        var rel = s[i..end].IndexOfAny((byte)' ', (byte)'\t');
        return rel < 0 ? end : i + rel;
    }

    /// <summary>First space at or after <paramref name="i"/>, or <paramref name="end"/>.</summary>
    public static int IndexOfSpace(ReadOnlySpan<byte> s, int i, int end)
    {
        var rel = s[i..end].IndexOf((byte)' ');
        return rel < 0 ? end : i + rel;
    }

    /// <summary>
    /// The end of the line starting at <paramref name="pos"/> (index of its '\n', or -1 when the body ends first),
    /// noting whether the line contains a backslash: lines without one take the quote-mask fast path.
    /// </summary>
    public static int LineEnd(ReadOnlySpan<byte> s, int pos, out bool hasBackslash)
    {
        var rel = s[pos..].IndexOfAny((byte)'\n', (byte)'\\');
        hasBackslash = rel >= 0 && s[pos + rel] == '\\';
        if (!hasBackslash)
        {
            return rel < 0 ? -1 : pos + rel;
        }

        var nl = s[(pos + rel)..].IndexOf((byte)'\n');
        return nl < 0 ? -1 : pos + rel + nl;
    }

    /// <summary>A documentation elision: the line, after indentation, starts with <c>...</c>.</summary>
    public static bool IsElision(ReadOnlySpan<byte> s, int i, int end)
    {
        i = SkipBlankTab(s, i, end);
        return s[i..end].StartsWith("..."u8);
    }

    /// <summary>Whether <paramref name="a1"/>+<paramref name="a2"/> and <paramref name="b1"/>+<paramref name="b2"/> are the same bytes, without concatenating.</summary>
    public static bool ConcatEquals(ReadOnlySpan<byte> a1, ReadOnlySpan<byte> a2, ReadOnlySpan<byte> b1, ReadOnlySpan<byte> b2)
    {
        if (a1.Length + a2.Length != b1.Length + b2.Length)
        {
            return false;
        }

        if (a1.Length > b1.Length)
        {
            return ConcatEquals(b1, b2, a1, a2);
        }

        var bridge = b1[a1.Length..];
        return b1.StartsWith(a1) && a2.StartsWith(bridge) && a2[bridge.Length..].SequenceEqual(b2);
    }

    /// <summary>Unicode code points in UTF-8 text (bytes that are not continuation bytes).</summary>
    public static int CountCodePoints(ReadOnlySpan<byte> s)
    {
        var n = 0;
        foreach (var b in s)
        {
            if ((b & 0xC0) != 0x80)
            {
                n++;
            }
        }

        return n;
    }
}
