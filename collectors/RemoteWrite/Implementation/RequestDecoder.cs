using System.Buffers;
using Google.Protobuf;
using Observability.RemoteWrite.Protocol;
using Snappier;

namespace Observability.RemoteWrite.Implementation;

/// <summary>What decoding a body gave: the request, or the HTTP status and the reason to answer with.</summary>
internal readonly record struct DecodedRequest(WriteRequest? Request, int Status, string? Error)
{
    public static DecodedRequest Failed(int status, string error) => new(null, status, error);
}

/// <summary>
/// Snappy block format (not the framed stream format, per the remote_write spec) and then protobuf. Any failure is
/// the sender's: a 400 Prometheus does not retry, with the reason in the body for its log.
/// </summary>
internal static class RequestDecoder
{
    public static DecodedRequest Decode(ReadOnlySpan<byte> body, long maxDecodedBytes)
    {
        int length;
        try
        {
            length = Snappy.GetUncompressedLength(body);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return DecodedRequest.Failed(400, $"body is not snappy-compressed (block format): {e.Message}");
        }

        if (length > maxDecodedBytes)
        {
            return DecodedRequest.Failed(413, $"body decompresses to {length} bytes, over the limit of {maxDecodedBytes}");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            int written;
            try
            {
                written = Snappy.Decompress(body, buffer);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return DecodedRequest.Failed(400, $"snappy body is corrupt: {e.Message}");
            }

            try
            {
                return new DecodedRequest(WriteRequest.Parser.ParseFrom(buffer.AsSpan(0, written)), 204, null);
            }
            catch (InvalidProtocolBufferException e)
            {
                return DecodedRequest.Failed(400, $"body is not a remote_write 1.0 WriteRequest: {e.Message}");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
