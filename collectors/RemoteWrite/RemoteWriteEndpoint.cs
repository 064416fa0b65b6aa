using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Observability.RemoteWrite;

/// <summary>Serves <c>POST /api/v1/write</c> on an ASP.NET Core listener, answering as the remote_write spec asks.</summary>
public static class RemoteWriteEndpoint
{
    public const string Path = "/api/v1/write";

    public static IEndpointConventionBuilder MapRemoteWrite(this IEndpointRouteBuilder endpoints, RemoteWriteIntake intake, long maxBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(intake);
        return endpoints.MapPost(Path, (HttpContext http) => HandleAsync(http, intake, maxBodyBytes));
    }

    private static async Task HandleAsync(HttpContext http, RemoteWriteIntake intake, long maxBodyBytes)
    {
        var request = http.Request;
        var response = intake.CheckHeaders(request.ContentType, request.Headers.ContentEncoding.ToString(), request.ContentLength);
        if (response is null)
        {
            // Our own limit decides (with a clear 413), not the server's default request-size limit.
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = null;
            }

            var (body, length) = await ReadAsync(request.Body, (int)Math.Min(request.ContentLength ?? 64 * 1024, maxBodyBytes) + 1, maxBodyBytes, http.RequestAborted).ConfigureAwait(false);
            try
            {
                response = length < 0 ? intake.TooLarge(maxBodyBytes + 1) : intake.Accept(body.AsSpan(0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(body);
            }
        }

        await WriteAsync(http.Response, response.Value, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Reads the whole body into a growing pooled buffer (the caller returns it); length -1 when it exceeds <paramref name="max"/>.</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadAsync(Stream stream, int initial, long max, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(initial);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > max)
                {
                    return (buffer, -1);
                }

                var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, max + 1));
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }

            int read;
            try
            {
                read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }

            if (read == 0)
            {
                return (buffer, length > max ? -1 : length);
            }

            length += read;
        }
    }

    private static async Task WriteAsync(HttpResponse response, RemoteWriteResponse result, CancellationToken cancellationToken)
    {
        response.StatusCode = result.Status;
        if (result.RetryAfter is { } retry)
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (result.Message is { } message)
        {
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync(message + "\n", cancellationToken).ConfigureAwait(false);
        }
    }
}
