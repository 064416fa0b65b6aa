using System.Buffers;

namespace Observability.Collectors.Scraping;

/// <summary>
/// Reads a response body into one pooled buffer, refusing to go past a limit: a runaway target
/// costs at most the limit in memory and is reported, never buffered whole.
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

    /// <summary>False when the body is larger than <paramref name="maxBytes"/>.</summary>
    public async Task<bool> ReadAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        Length = 0;
        while (true)
        {
            if (Length == _buffer.Length)
            {
                if (Length >= maxBytes)
                {
                    // One byte more tells "exactly at the limit" from "over it".
                    var probe = new byte[1];
                    return await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false) == 0;
                }

                Grow((int)Math.Min(maxBytes, (long)_buffer.Length * 2));
            }

            var room = (int)Math.Min(_buffer.Length - Length, maxBytes - Length);
            var read = await stream.ReadAsync(_buffer.AsMemory(Length, room), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return true;
            }

            Length += read;
            if (Length >= maxBytes && Length < _buffer.Length)
            {
                var probe = new byte[1];
                return await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false) == 0;
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
    }
}
