using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Observability.Collectors.Exposition.Implementation;

/// <summary>
/// Finds the double quotes of a line 64 bytes at a time. Label sets are short tokens between quotes,
/// and searching for each quote separately is bound by the load-compare-mask latency of every call;
/// a block mask is computed once and each next quote then costs a couple of bit operations.
/// Only valid on lines without backslashes, where every quote delimits a value.
/// </summary>
internal ref struct QuoteCursor
{
    private readonly ReadOnlySpan<byte> _s;
    private int _blockStart;
    private ulong _block;

    /// <param name="s">The body; pass an empty span to find no quotes (lines with backslashes).</param>
    public QuoteCursor(ReadOnlySpan<byte> s)
    {
        _s = s;
        _blockStart = int.MinValue / 2;
        _block = 0;
    }

    /// <summary>The first quote at or after <paramref name="from"/>, or <see cref="int.MaxValue"/> when there is none.</summary>
    public int Next(int from)
    {
        var offset = from - _blockStart;
        if ((uint)offset >= 64)
        {
            Load(from);
            offset = 0;
        }

        var m = _block & (ulong.MaxValue << offset);
        while (m == 0)
        {
            if (_blockStart + 64 >= _s.Length)
            {
                return int.MaxValue;
            }

            Load(_blockStart + 64);
            m = _block;
        }

        return _blockStart + BitOperations.TrailingZeroCount(m);
    }

    private void Load(int start)
    {
        _blockStart = start;
        _block = start + 64 <= _s.Length ? QuoteMask(_s, start) : TailQuoteMask(_s, start);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong QuoteMask(ReadOnlySpan<byte> s, int start)
    {
        ref var r = ref Unsafe.Add(ref MemoryMarshal.GetReference(s), start);
        if (Vector512.IsHardwareAccelerated)
        {
            return Vector512.Equals(Vector512.LoadUnsafe(ref r), Vector512.Create((byte)'"')).ExtractMostSignificantBits();
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var quote = Vector256.Create((byte)'"');
            ulong lo = Vector256.Equals(Vector256.LoadUnsafe(ref r), quote).ExtractMostSignificantBits();
            ulong hi = Vector256.Equals(Vector256.LoadUnsafe(ref r, 32), quote).ExtractMostSignificantBits();
            return lo | (hi << 32);
        }

        ulong mask = 0;
        var q = Vector128.Create((byte)'"');
        for (var k = 0; k < 4; k++)
        {
            mask |= (ulong)Vector128.Equals(Vector128.LoadUnsafe(ref r, (nuint)(k * 16)), q).ExtractMostSignificantBits() << (k * 16);
        }

        return mask;
    }

    private static ulong TailQuoteMask(ReadOnlySpan<byte> s, int start)
    {
        ulong mask = 0;
        for (var k = start; k < s.Length; k++)
        {
            if (s[k] == '"')
            {
                mask |= 1UL << (k - start);
            }
        }

        return mask;
    }
}
