using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace Observability.Collectors.Otlp.Decoding;

/// <summary>
/// Reads an OTLP/HTTP body into memory under the size limit, inflating gzip: the limit applies to the bytes on the
/// wire and again to the inflated bytes, so a small compressed bomb is refused like a large body.
/// </summary>
internal static class BodyReader
{
    public static async Task<BodyRead> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return BodyRead.TooLarge($"body of {request.ContentLength} bytes exceeds the limit of {maxBytes}");
        }

        var encoding = request.Headers.ContentEncoding.ToString();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return BodyRead.Unsupported($"Content-Encoding '{encoding}' is not supported (use gzip or none)");
        }

        var raw = await ReadBoundedAsync(request.Body, maxBytes, (int)Math.Min(request.ContentLength ?? 4096, maxBytes), cancellationToken).ConfigureAwait(false);
        if (raw is null)
        {
            return BodyRead.TooLarge($"body exceeds the limit of {maxBytes} bytes");
        }

        if (!gzip)
        {
            return BodyRead.Ok(raw);
        }

        try
        {
            using var inflating = new GZipStream(new MemoryStream(raw.GetBuffer(), 0, (int)raw.Length), CompressionMode.Decompress);
            var inflated = await ReadBoundedAsync(inflating, maxBytes, (int)Math.Min(raw.Length * 4, maxBytes), cancellationToken).ConfigureAwait(false);
            return inflated is null
                ? BodyRead.TooLarge($"gzip body inflates past the limit of {maxBytes} bytes")
                : BodyRead.Ok(inflated);
        }
        catch (InvalidDataException e)
        {
            return BodyRead.Malformed($"invalid gzip body: {e.Message}");
        }
    }

    /// <summary>The stream's bytes, or null once more than <paramref name="maxBytes"/> arrive.</summary>
    private static async Task<MemoryStream?> ReadBoundedAsync(Stream source, long maxBytes, int initialCapacity, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream(Math.Max(initialCapacity, 256));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer;
    }
}

/// <summary>A body read: the bytes, or the HTTP status and reason it was refused with.</summary>
internal readonly record struct BodyRead(MemoryStream? Body, int Status, string Error)
{
    public static BodyRead Ok(MemoryStream body) => new(body, StatusCodes.Status200OK, string.Empty);

    public static BodyRead TooLarge(string error) => new(null, StatusCodes.Status413PayloadTooLarge, error);

    public static BodyRead Unsupported(string error) => new(null, StatusCodes.Status415UnsupportedMediaType, error);

    public static BodyRead Malformed(string error) => new(null, StatusCodes.Status400BadRequest, error);

    public ReadOnlySpan<byte> Bytes => Body is null ? default : Body.GetBuffer().AsSpan(0, (int)Body.Length);
}
