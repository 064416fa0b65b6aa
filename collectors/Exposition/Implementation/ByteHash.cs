using System.Buffers.Binary;
using System.Numerics;

namespace Observability.Collectors.Exposition.Implementation;

/// <summary>
/// A fast 64-bit hash over bytes, eight at a time. Used to key families by name and to identify
/// label sets in the OpenMetrics ordering rules without copying or allocating.
/// </summary>
internal static class ByteHash
{
    private const ulong P1 = 0x9E3779B185EBCA87UL;
    private const ulong P2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong P3 = 0x165667B19E3779F9UL;

    public static ulong Hash(ReadOnlySpan<byte> data, ulong seed = 0)
    {
        var h = seed ^ ((ulong)data.Length * P1);
        var i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            var k = BinaryPrimitives.ReadUInt64LittleEndian(data[i..]);
            h = BitOperations.RotateLeft(h ^ (k * P2), 29) * P1;
        }

        if (i < data.Length)
        {
            ulong k = 0;
            for (var shift = 0; i < data.Length; i++, shift += 8)
            {
                k |= (ulong)data[i] << shift;
            }

            h = BitOperations.RotateLeft(h ^ (k * P3), 31) * P1;
        }

        return Mix(h);
    }

    /// <summary>One label's identity: order-independent sums of these identify a label set.</summary>
    public static ulong Label(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
        Mix(Hash(name, P3) ^ BitOperations.RotateLeft(Hash(value, P2), 17));

    private static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return h;
    }
}
