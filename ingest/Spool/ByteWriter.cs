using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Observability.Ingest.Spool;

/// <summary>
/// A growable byte buffer with the primitive encodings of the spool's record payload: LEB128 varints, zigzag for
/// signed values, raw IEEE-754 bits for doubles (so NaN payloads and negative zero survive), and strings as UTF-8, or
/// as UTF-16 when they hold unpaired surrogates that UTF-8 cannot carry. Reused between records to avoid allocating.
/// </summary>
internal sealed class ByteWriter
{
    private byte[] _buffer;

    public ByteWriter(int initialCapacity = 4096) => _buffer = new byte[initialCapacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, Length);

    public void Reset() => Length = 0;

    /// <summary>Reserves <paramref name="count"/> bytes to be filled later (a frame header), returning their offset.</summary>
    public int Reserve(int count)
    {
        Ensure(count);
        var at = Length;
        Length += count;
        return at;
    }

    public Span<byte> Slice(int offset, int count) => _buffer.AsSpan(offset, count);

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    public void WriteVarUInt(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[Length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[Length++] = (byte)value;
    }

    public void WriteVarInt(long value) => WriteVarUInt((ulong)((value << 1) ^ (value >> 63)));

    public void WriteDouble(double value)
    {
        Ensure(8);
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(Length), value);
        Length += 8;
    }

    /// <summary>Header <c>(byteCount &lt;&lt; 1 | isUtf16)</c>, then the bytes.</summary>
    public void WriteStringBody(string value)
    {
        var maxUtf8 = Encoding.UTF8.GetMaxByteCount(value.Length);
        Ensure(maxUtf8 + 10);
        var header = Length;
        Length += 5; // room for the largest header; the body is moved back if the header is shorter
        var status = System.Text.Unicode.Utf8.FromUtf16(value, _buffer.AsSpan(Length), out _, out var written, replaceInvalidSequences: false);
        var utf16 = status != OperationStatus.Done;
        if (utf16)
        {
            written = value.Length * 2;
            Ensure(written);
            for (var i = 0; i < value.Length; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(Length + (2 * i)), value[i]);
            }
        }

        var headerValue = ((ulong)written << 1) | (utf16 ? 1UL : 0UL);
        var headerLength = VarUIntLength(headerValue);
        Buffer.BlockCopy(_buffer, Length, _buffer, header + headerLength, written);
        Length = header;
        WriteVarUInt(headerValue);
        Length += written;
    }

    private static int VarUIntLength(ulong value)
    {
        var n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }

        return n;
    }

    private void Ensure(int more)
    {
        if (Length + more <= _buffer.Length)
        {
            return;
        }

        var size = Math.Max(_buffer.Length * 2, Length + more);
        Array.Resize(ref _buffer, size);
    }
}
