using System.Buffers.Binary;
using System.Text;

namespace Observability.Ingest.Spool;

/// <summary>Reads what <see cref="ByteWriter"/> wrote; any overrun or malformed value is an <see cref="InvalidDataException"/>.</summary>
internal ref struct ByteReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool AtEnd => _position == _data.Length;

    public byte ReadByte()
    {
        Need(1);
        return _data[_position++];
    }

    public ulong ReadVarUInt()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("varint longer than 10 bytes");
    }

    public long ReadVarInt()
    {
        var raw = ReadVarUInt();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    /// <summary>A non-negative count bounded by what could still follow, so damage cannot make the reader allocate wildly.</summary>
    public int ReadCount(int minBytesEach = 1)
    {
        var count = ReadVarUInt();
        if (count > (ulong)((_data.Length - _position) / Math.Max(minBytesEach, 1)) && count > 0)
        {
            throw new InvalidDataException($"count {count} exceeds the remaining {_data.Length - _position} bytes");
        }

        return (int)count;
    }

    public double ReadDouble()
    {
        Need(8);
        var value = BinaryPrimitives.ReadDoubleLittleEndian(_data[_position..]);
        _position += 8;
        return value;
    }

    public string ReadStringBody()
    {
        var header = ReadVarUInt();
        var bytes = header >> 1;
        if (bytes > (ulong)(_data.Length - _position))
        {
            throw new InvalidDataException($"string of {bytes} bytes exceeds the remaining {_data.Length - _position} bytes");
        }

        var body = _data.Slice(_position, (int)bytes);
        _position += (int)bytes;
        if ((header & 1) == 0)
        {
            return Encoding.UTF8.GetString(body);
        }

        if (bytes % 2 != 0)
        {
            throw new InvalidDataException("UTF-16 string with an odd byte count");
        }

        return string.Create(body.Length / 2, body.ToArray(), static (chars, raw) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(2 * i));
            }
        });
    }

    private readonly void Need(int count)
    {
        if (_data.Length - _position < count)
        {
            throw new InvalidDataException($"record ends {count - (_data.Length - _position)} byte(s) early");
        }
    }
}
