using System.Buffers;

namespace Observability.Collectors.Scraping;

/// <summary>
/// A response body in one pooled buffer that refuses to grow past a limit: a runaway target costs at most the limit
/// in memory and is reported, never buffered whole. Bodies are filled by appending, by receiving into
/// <see cref="Free"/>, or from a stream.
/// </summary>
internal sealed class BodyReader : IDisposable
{
    private byte[] _buffer;

    public BodyReader(int initialSize)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialSize);
    }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    /// <summary>The body as a read-only stream over the buffer, without a copy; valid until the next change.</summary>
    public Stream OpenRead() => new MemoryStream(_buffer, 0, Length, writable: false);

    public void Clear() => Length = 0;

    /// <summary>
    /// Room after the body, at least one byte and at most one past <paramref name="maxBytes"/> in all: that one byte
    /// more tells "exactly at the limit" from "over it".
    /// </summary>
    public Span<byte> Free(long maxBytes)
    {
        var cap = (int)Math.Min(maxBytes + 1, Array.MaxLength);
        if (Length == _buffer.Length)
        {
            Grow((int)Math.Min((long)_buffer.Length * 2, cap));
        }

        return _buffer.AsSpan(Length, Math.Min(_buffer.Length, cap) - Length);
    }

    /// <summary>Takes <paramref name="count"/> bytes written into <see cref="Free"/> as part of the body.</summary>
    public void Advance(int count) => Length += count;

    /// <summary>Makes room for a body of a known size, so it can be received in place.</summary>
    public void Reserve(int size)
    {
        if (size > _buffer.Length)
        {
            Grow(size);
        }
    }

    /// <summary>Appends <paramref name="data"/>; false, appending nothing, when the body would pass <paramref name="maxBytes"/>.</summary>
    public bool Append(ReadOnlySpan<byte> data, long maxBytes)
    {
        if (Length + (long)data.Length > maxBytes)
        {
            return false;
        }

        Reserve(Length + data.Length > _buffer.Length ? Math.Max(Length + data.Length, _buffer.Length * 2) : 0);
        data.CopyTo(_buffer.AsSpan(Length));
        Length += data.Length;
        return true;
    }

    /// <summary>Appends <paramref name="stream"/> to its end to the body; false when the body passes <paramref name="maxBytes"/>.</summary>
    public bool Read(Stream stream, long maxBytes)
    {
        while (true)
        {
            var read = stream.Read(Free(maxBytes));
            if (read == 0)
            {
                return true;
            }

            Length += read;
            if (Length > maxBytes)
            {
                return false;
            }
        }
    }

    private void Grow(int size)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, Length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        Length = 0;
    }
}
