using System.Net;
using System.Text;
using Google.Protobuf;
using Observability.Collectors.Otlp;
using Observability.Collectors.Otlp.Protocol;
using Observability.Collectors.Otlp.Protocol.Rpc;
using Status = Observability.Collectors.Otlp.Protocol.Rpc.Status;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;
using Observability.Ingest.Writer;
using Observability.Otlp.Tests.Support;
using static Observability.Otlp.Tests.Support.Spans;

namespace Observability.Otlp.Tests;

/// <summary>Wrong content types, oversized and undecodable bodies, absurd values, a saturated writer.</summary>
public sealed class BadInputTests
{
    [Fact]
    public async Task Post_WrongContentType_Answers415AndStoresNothing()
    {
        await using var h = await ReceiverHarness.StartAsync();

        using var response = await h.PostBytesAsync(h.TracesUrl, Export(Request("t", "m", 1, 1)).ToByteArray(), "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var status = Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("application/x-protobuf", status.Message, StringComparison.Ordinal);
        Assert.Empty(await h.EventsAsync());
    }

    [Fact]
    public async Task Post_UnsupportedContentEncoding_Answers415()
    {
        await using var h = await ReceiverHarness.StartAsync();
        using var content = new ByteArrayContent(Export(Request("t", "m", 1, 1)).ToByteArray());
        content.Headers.ContentType = new("application/x-protobuf");
        content.Headers.ContentEncoding.Add("br");

        using var response = await h.Http.PostAsync(h.TracesUrl, content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Post_BodyOverTheLimit_Answers413_AlsoWhenOnlyTheInflatedBodyIsTooLarge()
    {
        await using var h = await ReceiverHarness.StartAsync(new OtlpOptions { MaxBodyBytes = 4096 });
        var big = Export([.. Enumerable.Range(0, 100).Select(i => Request("t", "m", i, i))]).ToByteArray();
        Assert.True(big.Length > 4096);
        var bomb = ReceiverHarness.Gzip(new byte[1_000_000]);
        Assert.True(bomb.Length < 4096);

        using var plain = await h.PostBytesAsync(h.TracesUrl, big, "application/x-protobuf");
        using var inflated = await h.PostBytesAsync(h.TracesUrl, new byte[1_000_000], "application/x-protobuf", gzip: true);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, plain.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, inflated.StatusCode);
        Assert.Empty(await h.EventsAsync());
    }

    [Theory]
    [InlineData("application/x-protobuf", new byte[] { 0x0A, 0xFF, 0xFF, 0xFF })]
    [InlineData("application/json", new byte[] { (byte)'{', (byte)'"' })]
    [InlineData("application/json", new byte[] { (byte)'[', (byte)']' })]
    public async Task Post_UndecodableBody_Answers400WithAStatusMessage(string contentType, byte[] body)
    {
        await using var h = await ReceiverHarness.StartAsync();

        using var response = await h.PostBytesAsync(h.TracesUrl, body, contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("cannot decode", contentType.EndsWith("json", StringComparison.Ordinal) ? text : Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_InvalidGzip_Answers400()
    {
        await using var h = await ReceiverHarness.StartAsync();
        using var content = new ByteArrayContent([1, 2, 3, 4, 5]);
        content.Headers.ContentType = new("application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await h.Http.PostAsync(h.TracesUrl, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Post_AbsurdValues_RejectsThoseSpansAsPartialSuccessAndKeepsTheRest()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var future = Request("bad", "m", 1, 1);
        future.StartTimeUnixNano += 86_400UL * 1_000_000_000UL;
        future.EndTimeUnixNano += 86_400UL * 1_000_000_000UL;
        var ancient = Request("bad", "m", 1, 1);
        ancient.StartTimeUnixNano = 1_000_000_000UL; // 1970
        ancient.EndTimeUnixNano = 2_000_000_000UL;
        var backwards = Request("bad", "m", 1, 1);
        backwards.EndTimeUnixNano = backwards.StartTimeUnixNano - 1;
        var shortId = Request("bad", "m", 1, 1);
        shortId.SpanId = ByteString.CopyFrom(1, 2, 3);
        var export = Export(
            Request("good", "m", 10, 20),
            Request("bad", "m", -5, 1),
            Request("bad", "m", 1, 1, Attr("gen_ai.response.time_to_first_chunk", double.NaN)),
            Request("bad", "m", 1, 1, Attr("gen_ai.server.queue_time", -1.0)),
            Request("bad", "m", 1, 1, Attr("gen_ai.usage.cache_read.input_tokens", "many")),
            future,
            ancient,
            backwards,
            shortId,
            Request("good", "m", 30, 40));

        using var response = await h.PostAsync(h.TracesUrl, export);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(8, answer.PartialSuccess.RejectedSpans);
        Assert.Contains("gen_ai.usage.input_tokens = -5 is not a token count", answer.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
        var events = await h.EventsAsync();
        Assert.Equal(["good", "good"], events.Select(e => e.Tenant));
        Assert.Equal(40, events.Sum(e => e.InputTokens));
        Assert.Equal(8, h.Metrics.RejectedSpans);
    }

    [Fact]
    public async Task Post_AbsurdMetricPoints_RejectsThemAndStoresTheRest()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var now = Collectors.Otlp.Mapping.UnixNanos.From(TimeProvider.System.GetUtcNow());
        var gauge = new Metric { Name = "queue_depth", Gauge = new Gauge() };
        gauge.Gauge.DataPoints.Add(new NumberDataPoint { TimeUnixNano = now, AsDouble = 3 });
        gauge.Gauge.DataPoints.Add(new NumberDataPoint { TimeUnixNano = now, AsDouble = double.NaN });
        gauge.Gauge.DataPoints.Add(new NumberDataPoint { TimeUnixNano = now + (86_400UL * 1_000_000_000UL), AsDouble = 1 });
        gauge.Gauge.DataPoints.Add(new NumberDataPoint { TimeUnixNano = now, AsInt = 7, Flags = 1 }); // no recorded value: skipped
        var histogram = new Metric { Name = "gen_ai.server.time_to_first_token", Histogram = new Histogram { AggregationTemporality = AggregationTemporality.Delta } };
        histogram.Histogram.DataPoints.Add(new HistogramDataPoint { TimeUnixNano = now, Count = 3, Sum = 0.6, BucketCounts = { 1, 2 }, ExplicitBounds = { 0.25 } });
        histogram.Histogram.DataPoints.Add(new HistogramDataPoint { TimeUnixNano = now, Count = 5, Sum = 1, BucketCounts = { 1, 2 }, ExplicitBounds = { 0.25 } });
        histogram.Histogram.DataPoints.Add(new HistogramDataPoint { TimeUnixNano = now, Count = 3, BucketCounts = { 1, 1, 1 }, ExplicitBounds = { 0.5, 0.25 } });
        var request = new ExportMetricsServiceRequest { ResourceMetrics = { new ResourceMetrics { ScopeMetrics = { new ScopeMetrics { Metrics = { gauge, histogram } } } } } };

        using var response = await h.PostAsync(h.MetricsUrl, request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = ExportMetricsServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(4, answer.PartialSuccess.RejectedDataPoints);
        await h.Writer.FlushAsync();
        Assert.Equal(3, Assert.Single(await h.Store.ReadRawSamplesAsync(TimeRange.All, CancellationToken.None)).Value);
        var stored = Assert.Single(await h.Store.ReadServingHistogramsAsync(TimeRange.All, null, CancellationToken.None));
        Assert.Equal([1, 2], stored.BucketCounts);
    }

    [Fact]
    public async Task Export_WriterSaturated_AnswersRetryableOverHttpAndGrpcWithoutWaiting()
    {
        var writerOptions = new BatchingWriterOptions { MaxBatchRows = 10, MaxBufferedRows = 10, FlushInterval = TimeSpan.FromHours(1) };
        await using var h = await ReceiverHarness.StartAsync(writer: writerOptions);
        var filler = new RowBatch();
        filler.RequestEvents.AddRange(Enumerable.Range(0, 9).Select(i => new RequestEvent
        {
            Timestamp = DateTime.UnixEpoch.AddYears(50), RequestId = "filler" + i, Tenant = "x", Model = "m", Status = RequestStatus.Success,
        }));
        Assert.True(h.Writer.TryEnqueue(filler));

        using var http = await h.PostAsync(h.TracesUrl, Export(Request("t", "m", 1, 1), Request("t", "m", 1, 1)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, http.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), http.Headers.RetryAfter?.Delta);
        var status = Status.Parser.ParseFrom(await http.Content.ReadAsByteArrayAsync());
        Assert.Equal(14, status.Code);
        Assert.Equal(TimeSpan.FromSeconds(1), status.Details.Single().Unpack<RetryInfo>().RetryDelay.ToTimeSpan());

        using var json = await h.PostBytesAsync(h.TracesUrl, System.Text.Encoding.UTF8.GetBytes(OtlpJsonForTests.Format(Export(Request("t", "m", 1, 1), Request("t", "m", 1, 1)))), "application/json");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, json.StatusCode);
        var jsonStatus = await json.Content.ReadAsStringAsync();
        Assert.Contains("\"retryDelay\": \"1s\"", jsonStatus, StringComparison.Ordinal);
        Assert.Contains("type.googleapis.com/google.rpc.RetryInfo", jsonStatus, StringComparison.Ordinal);

        var grpc = await GrpcCall.ExportTracesAsync(h.Receiver.GrpcAddress!, Export(Request("t", "m", 1, 1), Request("t", "m", 1, 1)));
        Assert.Equal(14, grpc.StatusCode); // UNAVAILABLE
        Assert.Equal(TimeSpan.FromSeconds(1), grpc.Details!.Details.Single().Unpack<RetryInfo>().RetryDelay.ToTimeSpan());
        Assert.Equal(6, h.Metrics.RejectedSpans);
    }
}
