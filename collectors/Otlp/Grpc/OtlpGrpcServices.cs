using Google.Protobuf;
using Grpc.Core;
using Observability.Collectors.Otlp.Protocol;
using Observability.Collectors.Otlp.Receiving;

namespace Observability.Collectors.Otlp.Grpc;

/// <summary>
/// OTLP/gRPC <c>TraceService/Export</c>: the same ingest as HTTP. A saturated writer answers UNAVAILABLE with a
/// <c>google.rpc.RetryInfo</c> in <c>grpc-status-details-bin</c>, which OTLP exporters honour as a retry delay.
/// </summary>
internal sealed class OtlpTraceGrpcService(OtlpIngest ingest) : TraceService.TraceServiceBase
{
    public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        var result = ingest.ExportTraces(request);
        GrpcAnswers.ThrowIfSaturated(ingest, "traces", result);
        var response = new ExportTraceServiceResponse();
        if (result.Rejected > 0)
        {
            response.PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = result.Rejected, ErrorMessage = result.Message };
        }

        ingest.Metrics.Export("traces", "grpc", result.Rejected > 0 ? "partial" : "ok");
        return Task.FromResult(response);
    }
}

/// <summary>OTLP/gRPC <c>MetricsService/Export</c>.</summary>
internal sealed class OtlpMetricsGrpcService(OtlpIngest ingest) : MetricsService.MetricsServiceBase
{
    public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
    {
        var result = ingest.ExportMetrics(request);
        GrpcAnswers.ThrowIfSaturated(ingest, "metrics", result);
        var response = new ExportMetricsServiceResponse();
        if (result.Rejected > 0)
        {
            response.PartialSuccess = new ExportMetricsPartialSuccess { RejectedDataPoints = result.Rejected, ErrorMessage = result.Message };
        }

        ingest.Metrics.Export("metrics", "grpc", result.Rejected > 0 ? "partial" : "ok");
        return Task.FromResult(response);
    }
}

internal static class GrpcAnswers
{
    public static void ThrowIfSaturated(OtlpIngest ingest, string signal, ExportResult result)
    {
        if (!result.Saturated)
        {
            return;
        }

        ingest.Metrics.Export(signal, "grpc", "saturated");
        var status = ErrorStatus.Create(ErrorStatus.Unavailable, result.Message, ingest.Options.RetryAfter);
        var trailers = new Metadata { { "grpc-status-details-bin", status.ToByteArray() } };
        throw new RpcException(new global::Grpc.Core.Status(StatusCode.Unavailable, result.Message), trailers);
    }
}
