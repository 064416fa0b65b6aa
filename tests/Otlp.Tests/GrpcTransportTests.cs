using Google.Protobuf;
using Observability.Collectors.Otlp.Mapping;
using Observability.Collectors.Otlp.Protocol;
using Observability.Ingest.Contract;
using Observability.Otlp.Tests.Support;
using static Observability.Otlp.Tests.Support.Spans;

namespace Observability.Otlp.Tests;

/// <summary>OTLP/gRPC answers: partial success, metrics, and a message that does not decode.</summary>
public sealed class GrpcTransportTests
{
    [Fact]
    public async Task ExportTraces_SomeSpansAbsurd_PartialSuccessAndTheRestStored()
    {
        await using var h = await ReceiverHarness.StartAsync();

        var (code, _, response) = await GrpcCall.ExportTracesAsync(h.Receiver.GrpcAddress!, Export(Request("a", "m", 3, 4), Request("b", "m", -1, 4)));

        Assert.Equal(0, code);
        Assert.Equal(1, response!.PartialSuccess.RejectedSpans);
        Assert.Equal("a", Assert.Single(await h.EventsAsync()).Tenant);
    }

    [Fact]
    public async Task ExportTraces_GzipMessage_Stored()
    {
        await using var h = await ReceiverHarness.StartAsync();

        var (code, _, _) = await GrpcCall.CallAsync(
            h.Receiver.GrpcAddress!, "/opentelemetry.proto.collector.trace.v1.TraceService/Export", Export(Request("zipped", "m", 3, 4)).ToByteArray(), gzip: true);

        Assert.Equal(0, code);
        Assert.Equal("zipped", Assert.Single(await h.EventsAsync()).Tenant);
    }

    [Fact]
    public async Task ExportMetrics_GaugeOverGrpc_Stored()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var gauge = new Metric { Name = "gen_ai.gateway.queue", Gauge = new Gauge { DataPoints = { new NumberDataPoint { TimeUnixNano = UnixNanos.From(TimeProvider.System.GetUtcNow()), AsInt = 12 } } } };
        var request = new ExportMetricsServiceRequest { ResourceMetrics = { new ResourceMetrics { ScopeMetrics = { new ScopeMetrics { Metrics = { gauge } } } } } };

        var (code, _, response) = await GrpcCall.ExportMetricsAsync(h.Receiver.GrpcAddress!, request);

        Assert.Equal(0, code);
        Assert.Null(response!.PartialSuccess);
        await h.Writer.FlushAsync();
        Assert.Equal(12, Assert.Single(await h.Store.ReadRawSamplesAsync(TimeRange.All, CancellationToken.None)).Value);
    }

    [Fact]
    public async Task Export_UndecodableMessage_FailsWithANonRetryableStatusAndStoresNothing()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var truncated = Export(Request("a", "m", 3, 4)).ToByteArray()[..20];

        var (code, _, _) = await GrpcCall.CallAsync(h.Receiver.GrpcAddress!, "/opentelemetry.proto.collector.trace.v1.TraceService/Export", truncated);

        Assert.NotEqual(0, code);
        Assert.DoesNotContain(code, new[] { 1, 4, 8, 10, 11, 14, 15 }); // none of OTLP's retryable codes
        Assert.Empty(await h.EventsAsync());
    }
}
