using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Observability.ClickHouseStore.Writing;

/// <summary>
/// Encodes ClickHouse's binary values (shared by the RowBinary and Native formats) into one pooled buffer and streams
/// it to the request body in large writes. Values are written synchronously (no per-value awaits or allocations);
/// <see cref="FlushIfFullAsync"/> is called between runs of values and sends the buffer once it is nearly full. A
/// value larger than the free space grows the buffer instead, so a huge string never splits a flush decision.
/// <para>Little-endian fixed-width numbers, DateTime as UInt32 seconds, String as a LEB128 length then the UTF-8
/// bytes. The Nullable helpers write RowBinary's inline null flag; Native columns write their null map apart.</para>
/// </summary>
internal sealed class BinaryBuffer : IDisposable
{
    private const int DefaultSize = 1 << 20;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private byte[] _buffer;
    private int _position;

    public BinaryBuffer(int size = DefaultSize)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(size);
    }

    /// <summary>Bytes sent so far plus those still buffered.</summary>
    public long TotalBytes { get; private set; }

    /// <summary>Sends the buffer when less than a quarter is free; call between rows.</summary>
    public ValueTask FlushIfFullAsync(Stream stream, CancellationToken cancellationToken) =>
        _position > _buffer.Length - (_buffer.Length >> 2) ? FlushAsync(stream, cancellationToken) : ValueTask.CompletedTask;

    public async ValueTask FlushAsync(Stream stream, CancellationToken cancellationToken)
    {
        if (_position == 0)
        {
            return;
        }

        await stream.WriteAsync(_buffer.AsMemory(0, _position), cancellationToken).ConfigureAwait(false);
        _position = 0;
    }

    /// <summary>Sends what is buffered, then <paramref name="bytes"/> straight to the stream (a whole column, uncopied).</summary>
    public async ValueTask WriteThroughAsync(ReadOnlyMemory<byte> bytes, Stream stream, CancellationToken cancellationToken)
    {
        await FlushAsync(stream, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        TotalBytes += bytes.Length;
    }

    public void UInt8(byte value)
    {
        Ensure(1);
        _buffer[_position++] = value;
    }

    public void UInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_position), value);
        Advance(4);
    }

    public void Int32(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_position), value);
        Advance(4);
    }

    public void Int64(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_position), value);
        Advance(8);
    }

    public void UInt64(ulong value)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_position), value);
        Advance(8);
    }

    public void Float64(double value)
    {
        Ensure(8);
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(_position), value);
        Advance(8);
    }

    /// <summary>Nullable(Float64) where NaN, the domain's "absent", is NULL.</summary>
    public void NullableFloat64(double value)
    {
        Ensure(9);
        if (double.IsNaN(value))
        {
            _buffer[_position++] = 1;
            TotalBytes++;
            return;
        }

        _buffer[_position] = 0;
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(_position + 1), value);
        Advance(9);
    }

    public void NullableInt64(long? value)
    {
        Ensure(9);
        if (value is not { } v)
        {
            _buffer[_position++] = 1;
            TotalBytes++;
            return;
        }

        _buffer[_position] = 0;
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_position + 1), v);
        Advance(9);
    }

    /// <summary>RowBinary's Array(Float64): the element count, then the elements.</summary>
    public void Float64Array(double[]? values)
    {
        values ??= [];
        VarUInt((ulong)values.Length);
        Float64s(values);
    }

    /// <summary>Elements only, back to back (Native's flattened array data); null is no elements.</summary>
    public void Float64s(double[]? values)
    {
        if (values is null || values.Length == 0)
        {
            return;
        }

        Ensure(values.Length * 8);
        foreach (var value in values)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(_position), value);
            _position += 8;
        }

        TotalBytes += values.Length * 8L;
    }

    /// <summary>A String: UTF-8 bytes, verbatim (NUL, newlines and quotes included). Null is written as empty.</summary>
    public void String(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            UInt8(0);
            return;
        }

        // Short strings (the common case) are encoded straight after a one-byte length, without a counting pass.
        if (value.Length <= 42)
        {
            Ensure(1 + (value.Length * 3));
            var written = Utf8.GetBytes(value, _buffer.AsSpan(_position + 1));
            if (written < 128)
            {
                _buffer[_position] = (byte)written;
                Advance(1 + written);
                return;
            }
        }

        var count = Utf8.GetByteCount(value);
        VarUInt((ulong)count);
        Ensure(count);
        Utf8.GetBytes(value, _buffer.AsSpan(_position));
        Advance(count);
    }

    /// <summary>Bytes already in RowBinary form (a cached run of identity strings).</summary>
    public void Raw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_position));
        Advance(bytes.Length);
    }

    /// <summary>The written bytes so far (for encoding a cached fragment into a scratch buffer).</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _position);

    public void Reset()
    {
        _position = 0;
        TotalBytes = 0;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    public void VarUInt(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[_position++] = (byte)(value | 0x80);
            TotalBytes++;
            value >>= 7;
        }

        _buffer[_position++] = (byte)value;
        TotalBytes++;
    }

    private void Advance(int count)
    {
        _position += count;
        TotalBytes += count;
    }

    private void Ensure(int count)
    {
        if (_buffer.Length - _position >= count)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _position + count));
        _buffer.AsSpan(0, _position).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
