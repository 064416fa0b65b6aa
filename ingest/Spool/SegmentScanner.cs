using System.Buffers.Binary;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace Observability.Ingest.Spool;

/// <summary>
/// Finds the intact records of a segment file when the spool is opened. A record whose payload fails its checksum is
/// skipped; a damaged header or a record cut short by a crash (a torn tail) makes the rest of the file unreadable, so
/// the file is truncated there and appends never follow garbage. Every skip is reported.
/// </summary>
internal static class SegmentScanner
{
    public readonly record struct Damage(long Offset, string Reason);

    /// <summary>The intact records from <paramref name="start"/> on (offset and framed length), the damage found, and the file's length after any truncation.</summary>
    public static (List<(long Offset, int Length)> Records, List<Damage> Damage, long Length) Scan(string path, long start)
    {
        var records = new List<(long, int)>();
        var damage = new List<Damage>();
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        var length = RandomAccess.GetLength(handle);
        var magic = RecordFormat.SegmentMagic;
        Span<byte> head = stackalloc byte[Math.Max(magic.Length, RecordFormat.HeaderBytes)];
        if (length < magic.Length || RandomAccess.Read(handle, head[..magic.Length], 0) != magic.Length || !head[..magic.Length].SequenceEqual(magic))
        {
            damage.Add(new Damage(0, "not a spool segment (bad or missing file header)"));
            return (records, damage, length);
        }

        var offset = Math.Max(start, magic.Length);
        byte[] payload = [];
        while (offset < length)
        {
            var remaining = length - offset;
            if (remaining < RecordFormat.HeaderBytes)
            {
                damage.Add(new Damage(offset, $"torn record: {remaining} byte(s) of a header at the end of the file"));
                Truncate(handle, offset);
                return (records, damage, offset);
            }

            RandomAccess.Read(handle, head[..RecordFormat.HeaderBytes], offset);
            if (!ReadHeader(head, out var payloadLength, out var payloadCrc))
            {
                damage.Add(new Damage(offset, $"header checksum mismatch; the remaining {remaining} bytes are unreadable"));
                Truncate(handle, offset);
                return (records, damage, offset);
            }

            if (payloadLength > remaining - RecordFormat.HeaderBytes)
            {
                damage.Add(new Damage(offset, $"torn record: {payloadLength} payload bytes announced, {remaining - RecordFormat.HeaderBytes} present"));
                Truncate(handle, offset);
                return (records, damage, offset);
            }

            if (payload.Length < payloadLength)
            {
                payload = new byte[payloadLength];
            }

            RandomAccess.Read(handle, payload.AsSpan(0, payloadLength), offset + RecordFormat.HeaderBytes);
            if (Crc32.HashToUInt32(payload.AsSpan(0, payloadLength)) == payloadCrc)
            {
                records.Add((offset, RecordFormat.HeaderBytes + payloadLength));
            }
            else
            {
                damage.Add(new Damage(offset, "payload checksum mismatch"));
            }

            offset += RecordFormat.HeaderBytes + payloadLength;
        }

        return (records, damage, length);
    }

    /// <summary>Checks a record header's own checksum and returns the payload's length and checksum.</summary>
    public static bool ReadHeader(ReadOnlySpan<byte> header, out int payloadLength, out uint payloadCrc)
    {
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        payloadCrc = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        payloadLength = (int)Math.Min(length, int.MaxValue);
        return Crc32.HashToUInt32(header[..8]) == BinaryPrimitives.ReadUInt32LittleEndian(header[8..]) &&
            length <= RecordFormat.MaxPayloadBytes;
    }

    /// <summary>Fills the header for a payload already in place after it.</summary>
    public static void WriteHeader(Span<byte> header, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Crc32.HashToUInt32(payload));
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32.HashToUInt32(header[..8]));
    }

    private static void Truncate(SafeFileHandle handle, long length) => RandomAccess.SetLength(handle, length);
}
