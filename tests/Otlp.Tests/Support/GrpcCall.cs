using System.Buffers.Binary;
using System.Net;
using Google.Protobuf;
using Observability.Collectors.Otlp.Protocol;
using Status = Observability.Collectors.Otlp.Protocol.Rpc.Status;

namespace Observability.Otlp.Tests.Support;

/// <summary>
/// A raw gRPC unary call over HTTP/2 cleartext (length-prefixed message, status in trailers), so the tests can read the
/// status details a generated client would hide, without a gRPC client package.
/// </summary>
internal static class GrpcCall
{
    public static async Task<(int StatusCode, Status? Details, ExportTraceServiceResponse? Response)> ExportTracesAsync(Uri address, ExportTraceServiceRequest request)
    {
        var (code, details, body) = await CallAsync(address, "/opentelemetry.proto.collector.trace.v1.TraceService/Export", request.ToByteArray());
        return (code, details, body is null ? null : ExportTraceServiceResponse.Parser.ParseFrom(body));
    }

    public static async Task<(int StatusCode, Status? Details, ExportMetricsServiceResponse? Response)> ExportMetricsAsync(Uri address, ExportMetricsServiceRequest request)
    {
        var (code, details, body) = await CallAsync(address, "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export", request.ToByteArray());
        return (code, details, body is null ? null : ExportMetricsServiceResponse.Parser.ParseFrom(body));
    }

    /// <summary>One unary call with <paramref name="payload"/> as the message bytes (valid or not).</summary>
    public static async Task<(int StatusCode, Status? Details, byte[]? Message)> CallAsync(Uri address, string path, byte[] payload, bool gzip = false)
    {
        using var http = new HttpClient();
        payload = gzip ? ReceiverHarness.Gzip(payload) : payload;
        var framed = new byte[5 + payload.Length];
        framed[0] = gzip ? (byte)1 : (byte)0; // the compressed-flag byte of the gRPC frame
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(framed, 5);
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(framed),
        };
        message.Content.Headers.ContentType = new("application/grpc");
        message.Headers.TryAddWithoutValidation("TE", "trailers");
        if (gzip)
        {
            message.Headers.TryAddWithoutValidation("grpc-encoding", "gzip");
        }

        using var response = await http.SendAsync(message);
        var body = await response.Content.ReadAsByteArrayAsync();
        var headers = response.TrailingHeaders.Concat(response.Headers).ToDictionary(h => h.Key, h => h.Value.First(), StringComparer.OrdinalIgnoreCase);
        var code = int.Parse(headers["grpc-status"], System.Globalization.CultureInfo.InvariantCulture);
        Status? details = null;
        if (headers.TryGetValue("grpc-status-details-bin", out var encoded))
        {
            details = Status.Parser.ParseFrom(Convert.FromBase64String(encoded.PadRight((encoded.Length + 3) / 4 * 4, '=')));
        }

        return (code, details, body.Length >= 5 ? body[5..] : null);
    }
}
