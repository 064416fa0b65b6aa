using System.Text;
using Google.Protobuf;
using Observability.Collectors.Otlp.Decoding;
using Observability.Collectors.Otlp.Protocol;
using Observability.Ingest.Contract;
using Observability.Otlp.Tests.Support;

namespace Observability.Otlp.Tests;

/// <summary>The OTLP project's own JSON examples (shared/fixtures/otlp) decode with the .proto files written here.</summary>
public sealed class FixtureDecodingTests
{
    private static byte[] Example(string name) => SharedFixtures.Bytes(Path.Combine("otlp", name));

    [Fact]
    public void Parse_TraceExample_DecodesHexIdsAndEveryField()
    {
        var request = OtlpJson.Parse(Example("trace.json"), ExportTraceServiceRequest.Parser);

        var span = Assert.Single(Assert.Single(Assert.Single(request.ResourceSpans).ScopeSpans).Spans);
        Assert.Equal("5b8efff798038103d269b633813fc60c", Convert.ToHexStringLower(span.TraceId.Span));
        Assert.Equal("eee19b7ec3c1b174", Convert.ToHexStringLower(span.SpanId.Span));
        Assert.Equal("eee19b7ec3c1b173", Convert.ToHexStringLower(span.ParentSpanId.Span));
        Assert.Equal(Span.Types.SpanKind.Server, span.Kind);
        Assert.Equal(1544712660000000000UL, span.StartTimeUnixNano);
        Assert.Equal(1544712661000000000UL, span.EndTimeUnixNano);
        Assert.Equal("some value", Assert.Single(span.Attributes).Value.StringValue);
        Assert.Equal("my.service", request.ResourceSpans[0].Resource.Attributes[0].Value.StringValue);
        Assert.Equal("1.0.0", request.ResourceSpans[0].ScopeSpans[0].Scope.Version);
    }

    [Fact]
    public void Parse_MetricsExample_DecodesEveryKindOfMetric()
    {
        var request = OtlpJson.Parse(Example("metrics.json"), ExportMetricsServiceRequest.Parser);

        var metrics = request.ResourceMetrics[0].ScopeMetrics[0].Metrics;
        Assert.Equal(["my.counter", "my.gauge", "my.histogram", "my.exponential.histogram"], metrics.Select(m => m.Name));
        Assert.True(metrics[0].Sum.IsMonotonic);
        Assert.Equal(AggregationTemporality.Delta, metrics[0].Sum.AggregationTemporality);
        Assert.Equal(5, metrics[0].Sum.DataPoints[0].AsDouble);
        Assert.Equal(10, metrics[1].Gauge.DataPoints[0].AsDouble);
        var histogram = metrics[2].Histogram.DataPoints[0];
        Assert.Equal(2UL, histogram.Count);
        Assert.Equal([1UL, 1UL], histogram.BucketCounts);
        Assert.Equal([1.0], histogram.ExplicitBounds);
        Assert.Equal(2, histogram.Max);
        var exponential = metrics[3].ExponentialHistogram.DataPoints[0];
        Assert.Equal(1UL, exponential.ZeroCount);
        Assert.Equal(1, exponential.Positive.Offset);
        Assert.Equal([0UL, 2UL], exponential.Positive.BucketCounts);
    }

    [Theory]
    [InlineData("logs.json")]
    [InlineData("events.json")]
    public void Parse_LogExamples_Decode(string name)
    {
        var request = OtlpJson.Parse(Example(name), ExportLogsServiceRequest.Parser);

        var record = Assert.Single(request.ResourceLogs[0].ScopeLogs[0].LogRecords);
        Assert.Equal(1544712660300000000UL, record.TimeUnixNano);
        Assert.NotEqual(AnyValue.ValueOneofCase.None, record.Body.ValueCase);
    }

    [Fact]
    public void Parse_EveryExample_SurvivesAProtobufRoundTrip()
    {
        IMessage[] messages =
        [
            OtlpJson.Parse(Example("trace.json"), ExportTraceServiceRequest.Parser),
            OtlpJson.Parse(Example("metrics.json"), ExportMetricsServiceRequest.Parser),
            OtlpJson.Parse(Example("logs.json"), ExportLogsServiceRequest.Parser),
            OtlpJson.Parse(Example("events.json"), ExportLogsServiceRequest.Parser),
        ];

        foreach (var message in messages)
        {
            var again = message.Descriptor.Parser.ParseFrom(message.ToByteArray());
            Assert.Equal(message, again);
        }
    }

    [Fact]
    public async Task Post_MetricsExample_StoresEachPointAsItsKindMaps()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var old = Encoding.UTF8.GetString(Example("metrics.json"));
        var recent = old.Replace("1544712660300000000", (((ulong)TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - 1000) * 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        using var response = await h.PostBytesAsync(h.MetricsUrl, Encoding.UTF8.GetBytes(recent), "application/json");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var answer = ExportMetricsServiceResponse.Parser.WithDiscardUnknownFields(true).ParseJson(await response.Content.ReadAsStringAsync());
        Assert.Null(answer.PartialSuccess);
        await h.Writer.FlushAsync();
        var raw = await h.Store.ReadRawSamplesAsync(TimeRange.All, CancellationToken.None);
        Assert.Equal(["my.counter", "my.gauge"], raw.Select(r => r.Name).Order());
        Assert.Equal(5, raw.Single(r => r.Name == "my.counter").Value); // a delta sum is an increase already
        Assert.Equal("{my.gauge.attr=\"some value\",service.name=\"my.service\"}", raw.Single(r => r.Name == "my.gauge").Labels);
        var histograms = await h.Store.ReadServingHistogramsAsync(TimeRange.All, null, CancellationToken.None);
        var explicitBounds = histograms.Single(x => x.Metric == "my.histogram");
        Assert.Equal([1, double.PositiveInfinity], explicitBounds.UpperBounds);
        Assert.Equal([1, 1], explicitBounds.BucketCounts);
        Assert.Equal("otlp:my.service{my.histogram.attr=\"some value\"}", explicitBounds.Target);
        var exponential = histograms.Single(x => x.Metric == "my.exponential.histogram");
        Assert.Equal([0, 4, 8, double.PositiveInfinity], exponential.UpperBounds); // zero bucket, then 2^2, 2^3 at scale 0, offset 1
        Assert.Equal([1, 0, 2, 0], exponential.BucketCounts);
        Assert.Equal(10, exponential.Sum);
    }

    [Fact]
    public async Task Post_TraceExample_IsAcceptedButNotARequest()
    {
        await using var h = await ReceiverHarness.StartAsync();

        using var response = await h.PostBytesAsync(h.TracesUrl, Example("trace.json"), "application/json");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await h.EventsAsync()); // a SERVER span without gen_ai attributes is not a gateway request
    }
}
