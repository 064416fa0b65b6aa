using System.Buffers.Binary;

namespace Observability.RemoteWrite.Implementation;

/// <summary>
/// Reads protobuf's wire format straight from the decompressed body: tags, varints, fixed64 and length-delimited
/// fields as spans, so a request's labels are never turned into strings. Malformed input sets <see cref="Error"/> and
/// stops the reader; nothing throws.
/// </summary>
internal ref struct ProtoWire(ReadOnlySpan<byte> data)
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int Len = 2;
    public const int Fixed32 = 5;

    /// <summary>Protobuf's largest field number (2^29 - 1).</summary>
    private const ulong MaxFieldNumber = 536_870_911;

    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public string? Error { get; private set; }

    public readonly bool AtEnd => _position >= _data.Length || Error is not null;

    /// <summary>The next field's number and wire type; false at the end or on an error.</summary>
    public bool NextField(out int field, out int wireType)
    {
        field = wireType = 0;
        if (AtEnd)
        {
            return false;
        }

        var tag = ReadVarint();
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        if (Error is null && (field == 0 || tag >> 3 > MaxFieldNumber))
        {
            Fail($"invalid field number in tag {tag}");
        }

        return Error is null;
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _data.Length)
            {
                Fail("truncated varint");
                return 0;
            }

            var b = _data[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        Fail("varint longer than 10 bytes");
        return 0;
    }

    public double ReadDouble()
    {
        if (_data.Length - _position < 8)
        {
            Fail("truncated fixed64");
            return 0;
        }

        var value = BinaryPrimitives.ReadDoubleLittleEndian(_data.Slice(_position, 8));
        _position += 8;
        return value;
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (Error is not null)
        {
            return default;
        }

        if (length > (ulong)(_data.Length - _position))
        {
            Fail($"length {length} runs past the end of the message");
            return default;
        }

        var bytes = _data.Slice(_position, (int)length);
        _position += (int)length;
        return bytes;
    }

    /// <summary>Skips a field this reader does not use, as protobuf requires of unknown fields.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint: ReadVarint(); break;
            case Fixed64: Advance(8); break;
            case Len: ReadBytes(); break;
            case Fixed32: Advance(4); break;
            default: Fail($"unsupported wire type {wireType}"); break;
        }
    }

    private void Advance(int bytes)
    {
        if (_data.Length - _position < bytes)
        {
            Fail("truncated field");
            return;
        }

        _position += bytes;
    }

    private void Fail(string error)
    {
        Error ??= $"{error} at byte {_position}";
        _position = _data.Length;
    }
}
