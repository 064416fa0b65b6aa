using Microsoft.Extensions.Time.Testing;
using Observability.Collectors.Otlp;
using Observability.Collectors.Otlp.Mapping;
using Observability.Collectors.Otlp.Protocol;
using static Observability.Otlp.Tests.Support.Spans;

namespace Observability.Otlp.Tests;

/// <summary>Cumulative OTLP series become increases, with reset detection, like counters on the scrape path.</summary>
public sealed class MetricMapperTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static ulong At(int seconds) => UnixNanos.From(Start.AddSeconds(seconds));

    private static ExportMetricsServiceRequest Cumulative(ulong start, int seconds, double total, ulong[] buckets)
    {
        var sum = new Metric { Name = "gen_ai.client.inference.usage.input_tokens", Sum = new Sum { IsMonotonic = true, AggregationTemporality = AggregationTemporality.Cumulative } };
        sum.Sum.DataPoints.Add(new NumberDataPoint { StartTimeUnixNano = start, TimeUnixNano = At(seconds), AsDouble = total, Attributes = { Attr("tenant.id", "a") } });
        var histogram = new Metric { Name = "gen_ai.server.request.duration", Histogram = new Histogram { AggregationTemporality = AggregationTemporality.Cumulative } };
        var point = new HistogramDataPoint { StartTimeUnixNano = start, TimeUnixNano = At(seconds), Count = (ulong)buckets.Sum(b => (long)b), Sum = total, ExplicitBounds = { 1, 5 } };
        point.BucketCounts.Add(buckets);
        point.Attributes.Add([Attr("gen_ai.request.model", "llama"), Attr("tenant.id", "a")]);
        histogram.Histogram.DataPoints.Add(point);
        var resource = new ResourceMetrics { Resource = new Resource { Attributes = { Attr("service.name", "vllm"), Attr("k8s.pod.name", "vllm-0") } } };
        resource.ScopeMetrics.Add(new ScopeMetrics { Metrics = { sum, histogram } });
        return new ExportMetricsServiceRequest { ResourceMetrics = { resource } };
    }

    [Fact]
    public void Map_CumulativeSeries_FirstPointIsABaselineThenIncreasesThenAResetCountsWhole()
    {
        var time = new FakeTimeProvider(Start.AddSeconds(100));
        var mapper = new MetricMapper(new OtlpOptions(), time);
        var processStart = At(0); // before the receiver started: earlier points may have been missed

        var first = mapper.Map(Cumulative(processStart, 90, 100, [1, 2, 0]));
        var second = mapper.Map(Cumulative(processStart, 100, 130, [2, 4, 1]));
        var restarted = mapper.Map(Cumulative(At(95), 105, 10, [1, 0, 0]));

        Assert.True(first.Rows.IsEmpty);
        Assert.Equal(2, first.Skipped["cumulative_baseline"]);
        Assert.Equal(30, Assert.Single(second.Rows.RawSamples).Value);
        var h = Assert.Single(second.Rows.ServingHistograms);
        Assert.Equal([1.0, 2, 1], h.BucketCounts);
        Assert.Equal((4.0, 30.0), (h.Count, h.Sum));
        Assert.Equal(("llama", "vllm-0", "a", "otlp"), (h.Server.Model, h.Server.Pod, h.Server.TenantHint, h.Server.Source));
        Assert.Equal("otlp:vllm{gen_ai.request.model=\"llama\",tenant.id=\"a\"}", h.Target);
        Assert.Equal(10, Assert.Single(restarted.Rows.RawSamples).Value);
        Assert.Equal([1.0, 0, 0], Assert.Single(restarted.Rows.ServingHistograms).BucketCounts);
    }

    [Fact]
    public void Map_CumulativeSeriesThatStartedAfterTheReceiver_CountsItsFirstPointWhole()
    {
        var time = new FakeTimeProvider(Start.AddSeconds(10));
        var mapper = new MetricMapper(new OtlpOptions(), time);
        time.Advance(TimeSpan.FromSeconds(100));

        var first = mapper.Map(Cumulative(At(50), 60, 100, [1, 2, 0]));

        Assert.Equal(100, Assert.Single(first.Rows.RawSamples).Value);
        Assert.Equal([1.0, 2, 0], Assert.Single(first.Rows.ServingHistograms).BucketCounts);
    }

    [Fact]
    public void Map_GenAiTokenAndRequestHistograms_AlsoFillServingRowFields()
    {
        var mapper = new MetricMapper(new OtlpOptions(), new FakeTimeProvider(Start.AddSeconds(100)));
        Metric Delta(string name, double sum, ulong count, params KeyValue[] attributes)
        {
            var point = new HistogramDataPoint { TimeUnixNano = At(99), Count = count, Sum = sum, BucketCounts = { count }, Attributes = { attributes } };
            return new Metric { Name = name, Histogram = new Histogram { AggregationTemporality = AggregationTemporality.Delta, DataPoints = { point } } };
        }

        var request = new ExportMetricsServiceRequest { ResourceMetrics = { new ResourceMetrics { ScopeMetrics = { new ScopeMetrics { Metrics =
        {
            Delta("gen_ai.client.token.usage", 900, 3, Attr("gen_ai.token.type", "input"), Attr("gen_ai.request.model", "llama")),
            Delta("gen_ai.client.token.usage", 120, 3, Attr("gen_ai.token.type", "output"), Attr("gen_ai.request.model", "llama")),
            Delta("gen_ai.server.request.duration", 4.5, 3, Attr("gen_ai.request.model", "llama")),
            Delta("gen_ai.server.request.duration", 9, 1, Attr("gen_ai.request.model", "llama"), Attr("error.type", "timeout")),
            Delta("gen_ai.server.time_to_first_token", 0.3, 3, Attr("gen_ai.request.model", "llama")),
        } } } } } };

        var rows = mapper.Map(request).Rows;

        Assert.Equal(5, rows.ServingHistograms.Count);
        Assert.Equal(4, rows.ServingSamples.Count);
        Assert.All(rows.ServingSamples, s => Assert.Equal(("llama", "otlp"), (s.Server.Model, s.Server.Source)));
        double Total(Ingest.Model.ServingField f) => rows.ServingSamples.Where(s => !double.IsNaN(s[f])).Sum(s => s[f]);
        Assert.Equal((900.0, 120.0, 3.0, 1.0), (Total(Ingest.Model.ServingField.PromptTokens), Total(Ingest.Model.ServingField.GenerationTokens),
            Total(Ingest.Model.ServingField.RequestsSucceeded), Total(Ingest.Model.ServingField.RequestsFailed)));
    }

    [Fact]
    public void Map_MoreCumulativeSeriesThanTheStateHolds_ForgetsThemCountedAndStartsNewBaselines()
    {
        var mapper = new MetricMapper(new OtlpOptions { MaxCumulativeSeries = 1 }, new FakeTimeProvider(Start.AddSeconds(100)));

        var first = mapper.Map(Cumulative(At(0), 90, 100, [1, 2, 0])); // two series: the histogram's arrival forgets the sum's
        var second = mapper.Map(Cumulative(At(0), 95, 110, [1, 3, 0]));

        Assert.Equal(1, first.ForgottenSeries);
        Assert.Equal(2, second.ForgottenSeries);
        Assert.True(second.Rows.IsEmpty); // every point is a baseline again, never a made-up increase
    }

    [Fact]
    public void Map_SummaryAndNonMonotonicSum_StoredAsValuesWithEveryAttribute()
    {
        var mapper = new MetricMapper(new OtlpOptions(), new FakeTimeProvider(Start.AddSeconds(100)));
        var summary = new Metric { Name = "latency", Summary = new Summary() };
        summary.Summary.DataPoints.Add(new SummaryDataPoint { TimeUnixNano = At(99), Count = 4, Sum = 2, QuantileValues = { new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.5, Value = 0.4 } } });
        var updown = new Metric { Name = "queue", Sum = new Sum { IsMonotonic = false, AggregationTemporality = AggregationTemporality.Cumulative } };
        updown.Sum.DataPoints.Add(new NumberDataPoint { TimeUnixNano = At(99), AsInt = -3 });
        var request = new ExportMetricsServiceRequest { ResourceMetrics = { new ResourceMetrics { ScopeMetrics = { new ScopeMetrics { Metrics = { summary, updown } } } } } };

        var mapping = mapper.Map(request);

        Assert.Equal(
            [("latency_count", "{}", 4.0), ("latency_sum", "{}", 2.0), ("latency", "{quantile=\"0.5\"}", 0.4), ("queue", "{}", -3.0)],
            mapping.Rows.RawSamples.Select(r => (r.Name, r.Labels, r.Value)));
        Assert.All(mapping.Rows.RawSamples, r => Assert.Equal("otlp:unknown_service", r.Target));
    }
}
