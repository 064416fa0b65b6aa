using System.Globalization;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Observability.Collectors.Otlp.Decoding;
using Observability.Collectors.Otlp.Protocol;
using Observability.Collectors.Otlp.Receiving;

namespace Observability.Collectors.Otlp.Http;

/// <summary>
/// OTLP/HTTP: <c>POST /v1/traces</c> and <c>POST /v1/metrics</c>. Answers follow the OTLP specification: 200 with the
/// export response (a <c>partial_success</c> when items were rejected), 400 for a body that does not decode, 413 over
/// the size limit, 415 for another content type or encoding, 503 with <c>Retry-After</c> when the writer is saturated;
/// error bodies are a <c>google.rpc.Status</c> in the request's encoding.
/// </summary>
public static class OtlpHttpEndpoints
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithTypeRegistry(ErrorStatus.Types));

    public static void MapOtlpHttp(this IEndpointRouteBuilder routes, OtlpIngest ingest)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(ingest);
        routes.MapPost("/v1/traces", http => HandleAsync(http, ingest, "traces", ExportTraceServiceRequest.Parser, r => Traces(ingest, r)));
        routes.MapPost("/v1/metrics", http => HandleAsync(http, ingest, "metrics", ExportMetricsServiceRequest.Parser, r => Metrics(ingest, r)));
    }

    private static (ExportResult, IMessage) Traces(OtlpIngest ingest, ExportTraceServiceRequest request)
    {
        var result = ingest.ExportTraces(request);
        var response = new ExportTraceServiceResponse();
        if (result.Rejected > 0)
        {
            response.PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = result.Rejected, ErrorMessage = result.Message };
        }

        return (result, response);
    }

    private static (ExportResult, IMessage) Metrics(OtlpIngest ingest, ExportMetricsServiceRequest request)
    {
        var result = ingest.ExportMetrics(request);
        var response = new ExportMetricsServiceResponse();
        if (result.Rejected > 0)
        {
            response.PartialSuccess = new ExportMetricsPartialSuccess { RejectedDataPoints = result.Rejected, ErrorMessage = result.Message };
        }

        return (result, response);
    }

    private static async Task HandleAsync<T>(
        HttpContext http, OtlpIngest ingest, string signal, MessageParser<T> parser, Func<T, (ExportResult, IMessage)> export)
        where T : IMessage<T>, new()
    {
        var encoding = OtlpContentTypes.Parse(http.Request.ContentType);
        if (encoding is null)
        {
            ingest.Metrics.Export(signal, "http", "unsupported_media_type");
            OtlpLog.Refused(ingest.Logger, signal, "http", $"Content-Type '{http.Request.ContentType}'");
            await WriteErrorAsync(http, OtlpEncoding.Protobuf, StatusCodes.Status415UnsupportedMediaType, ErrorStatus.InvalidArgument,
                $"Content-Type '{http.Request.ContentType}' is not supported; use {OtlpContentTypes.Protobuf} or {OtlpContentTypes.Json}").ConfigureAwait(false);
            return;
        }

        var body = await BodyReader.ReadAsync(http.Request, ingest.Options.MaxBodyBytes, http.RequestAborted).ConfigureAwait(false);
        if (body.Body is null)
        {
            ingest.Metrics.Export(signal, "http", body.Status == StatusCodes.Status413PayloadTooLarge ? "too_large" : body.Status == StatusCodes.Status415UnsupportedMediaType ? "unsupported_media_type" : "malformed");
            OtlpLog.Refused(ingest.Logger, signal, "http", body.Error);
            await WriteErrorAsync(http, encoding.Value, body.Status, ErrorStatus.InvalidArgument, body.Error).ConfigureAwait(false);
            return;
        }

        T request;
        try
        {
            request = encoding == OtlpEncoding.Json ? OtlpJson.Parse(body.Bytes, parser) : parser.ParseFrom(body.Bytes);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Decoding untrusted bytes: whatever the parsers throw (bad varints, duplicate JSON keys, overflowing
            // numbers) means the body is not a valid export, never a server fault.
            ingest.Metrics.Export(signal, "http", "malformed");
            OtlpLog.Refused(ingest.Logger, signal, "http", e.Message);
            await WriteErrorAsync(http, encoding.Value, StatusCodes.Status400BadRequest, ErrorStatus.InvalidArgument, $"cannot decode the {signal} export: {e.Message}").ConfigureAwait(false);
            return;
        }

        var (result, response) = export(request);
        if (result.Saturated)
        {
            ingest.Metrics.Export(signal, "http", "saturated");
            var retry = ingest.Options.RetryAfter;
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await WriteErrorAsync(http, encoding.Value, StatusCodes.Status503ServiceUnavailable, ErrorStatus.Unavailable, result.Message, retry).ConfigureAwait(false);
            return;
        }

        ingest.Metrics.Export(signal, "http", result.Rejected > 0 ? "partial" : "ok");
        await WriteAsync(http, encoding.Value, StatusCodes.Status200OK, response).ConfigureAwait(false);
    }

    private static Task WriteErrorAsync(HttpContext http, OtlpEncoding encoding, int status, int code, string message, TimeSpan? retryAfter = null) =>
        WriteAsync(http, encoding, status, ErrorStatus.Create(code, message, retryAfter));

    private static async Task WriteAsync(HttpContext http, OtlpEncoding encoding, int status, IMessage message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = OtlpContentTypes.Of(encoding);
        if (encoding == OtlpEncoding.Json)
        {
            await http.Response.WriteAsync(Json.Format(message), http.RequestAborted).ConfigureAwait(false);
        }
        else
        {
            await http.Response.Body.WriteAsync(message.ToByteArray(), http.RequestAborted).ConfigureAwait(false);
        }
    }
}
