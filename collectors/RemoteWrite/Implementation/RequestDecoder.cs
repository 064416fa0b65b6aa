using System.Buffers;
using Snappier;

namespace Observability.RemoteWrite.Implementation;

/// <summary>A decompressed body in a pooled buffer (return it with <see cref="Release"/>), or the status and reason to answer with.</summary>
internal readonly record struct DecodedBody(byte[]? Buffer, int Length, int Status, string? Error)
{
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

    public static DecodedBody Failed(int status, string error) => new(null, 0, status, error);

    public void Release()
    {
        if (Buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(Buffer);
        }
    }
}

/// <summary>
/// Snappy block format (not the framed stream format, per the remote_write spec), size-checked from its header
/// before inflating. Any failure is the sender's: a 400 Prometheus does not retry, with the reason for its log.
/// </summary>
internal static class RequestDecoder
{
    public static DecodedBody Decompress(ReadOnlySpan<byte> body, long maxDecodedBytes)
    {
        int length;
        try
        {
            length = Snappy.GetUncompressedLength(body);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return DecodedBody.Failed(400, $"body is not snappy-compressed (block format): {e.Message}");
        }

        if (length > maxDecodedBytes)
        {
            return DecodedBody.Failed(413, $"body decompresses to {length} bytes, over the limit of {maxDecodedBytes}");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            return new DecodedBody(buffer, Snappy.Decompress(body, buffer), 204, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return DecodedBody.Failed(400, $"snappy body is corrupt: {e.Message}");
        }
    }
}
