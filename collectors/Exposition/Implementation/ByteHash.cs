using System.Buffers.Binary;

namespace Observability.Collectors.Exposition.Implementation;

/// <summary>
/// A fast 64-bit hash over bytes (multiply-fold in the style of wyhash): inputs up to 16 bytes, which most
/// names and label values are, take two reads and no loop. Used to key families by name and to identify
/// label sets in the OpenMetrics ordering rules without copying or allocating.
/// </summary>
internal static class ByteHash
{
    private const ulong P0 = 0xA0761D6478BD642FUL;
    private const ulong P1 = 0xE7037ED1A0B428DBUL;
    private const ulong P2 = 0x8EBC6AF09C88C6E3UL;

    public static ulong Hash(ReadOnlySpan<byte> data, ulong seed = 0)
    {
        var length = data.Length;
        ulong a, b;
        if (length <= 16)
        {
            if (length >= 8)
            {
                a = BinaryPrimitives.ReadUInt64LittleEndian(data);
                b = BinaryPrimitives.ReadUInt64LittleEndian(data[(length - 8)..]);
            }
            else if (length >= 4)
            {
                a = BinaryPrimitives.ReadUInt32LittleEndian(data);
                b = BinaryPrimitives.ReadUInt32LittleEndian(data[(length - 4)..]);
            }
            else if (length > 0)
            {
                a = ((ulong)data[0] << 16) | ((ulong)data[length >> 1] << 8) | data[length - 1];
                b = 0;
            }
            else
            {
                a = b = 0;
            }
        }
        else
        {
            var i = 0;
            for (; length - i > 16; i += 16)
            {
                seed = Fold(BinaryPrimitives.ReadUInt64LittleEndian(data[i..]) ^ P1, BinaryPrimitives.ReadUInt64LittleEndian(data[(i + 8)..]) ^ seed);
            }

            a = BinaryPrimitives.ReadUInt64LittleEndian(data[(length - 16)..]);
            b = BinaryPrimitives.ReadUInt64LittleEndian(data[(length - 8)..]);
        }

        return Fold(P1 ^ (ulong)length, Fold(a ^ P1, b ^ seed ^ P0));
    }

    /// <summary>One label's identity: order-independent sums of these identify a label set.</summary>
    public static ulong Label(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) => Hash(value, Hash(name, P2));

    private static ulong Fold(ulong a, ulong b)
    {
        var high = Math.BigMul(a, b, out var low);
        return high ^ low;
    }
}
