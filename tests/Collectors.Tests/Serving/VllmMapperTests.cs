using System.Globalization;
using System.Text.RegularExpressions;
using Observability.Collectors.Tests.Support;
using Observability.Ingest.Model;

namespace Observability.Collectors.Tests.Serving;

public sealed partial class VllmMapperTests
{
    [Fact]
    public void Map_DatadogCaptureTwice_GaugesThenZeroIncreasesAndFixtureBounds()
    {
        var harness = new MapperHarness();
        var first = harness.Scrape(SharedFixtures.CaptureWithFinalNewline("vllm-datadog-fixture.prom"));
        var second = harness.Scrape(SharedFixtures.CaptureWithFinalNewline("vllm-datadog-fixture.prom"));

        var row = Assert.Single(first.ServingSamples);
        Assert.Equal(("vllm", "facebook/opt-125m"), (row.Server.Source, row.Server.Model));
        Assert.True(double.IsNaN(row[ServingField.PromptTokens]), "no increase on a first scrape");
        Assert.Empty(first.ServingHistograms);

        var again = Assert.Single(second.ServingSamples);
        Assert.Equal(0, again[ServingField.PromptTokens]);
        Assert.False(double.IsNaN(again[ServingField.KvCacheUsage]));
        var ttft = Assert.Single(second.ServingHistograms, h => h.Metric == ServingHistogramNames.TimeToFirstToken);
        Assert.Equal(BoundsInFile("vllm-datadog-fixture.prom", "vllm:time_to_first_token_seconds_bucket"), ttft.UpperBounds);
        Assert.All(ttft.BucketCounts, c => Assert.Equal(0, c));
    }

    [Fact]
    public void Map_CountersAndHistogram_IncreasesPerBucketAndFinishedReasons()
    {
        var harness = new MapperHarness();
        harness.Scrape(Text(prompt: 100, stop: 10, length: 1, abort: 0, b1: 2, b2: 5, inf: 6, sum: 1.5));
        var batch = harness.Scrape(Text(prompt: 160, stop: 14, length: 2, abort: 3, b1: 4, b2: 9, inf: 11, sum: 2.75));

        var row = Assert.Single(batch.ServingSamples);
        Assert.Equal(60, row[ServingField.PromptTokens]);
        Assert.Equal(4, row[ServingField.FinishedStop]);
        Assert.Equal(5, row[ServingField.RequestsSucceeded]);
        Assert.Equal(3, row[ServingField.RequestsFailed]);
        Assert.Equal("1", row.Server.Engine);
        var h = Assert.Single(batch.ServingHistograms);
        Assert.Equal([0.1, 0.5, double.PositiveInfinity], h.UpperBounds);
        Assert.Equal([2.0, 2.0, 1.0], h.BucketCounts);
        Assert.Equal(5, h.Count);
        Assert.Equal(1.25, h.Sum, 9);
    }

    [Fact]
    public void Map_BothInterTokenNames_OnlyTheCurrentOneCounts()
    {
        var harness = new MapperHarness();
        harness.Scrape(Both(1, 10));
        var batch = harness.Scrape(Both(3, 40));

        var h = Assert.Single(batch.ServingHistograms);
        Assert.Equal(ServingHistogramNames.InterToken, h.Metric);
        Assert.Equal(2, h.Count);

        static string Both(int current, int legacy) => $"""
            vllm:inter_token_latency_seconds_bucket{"{"}le="+Inf",model_name="m"{"}"} {current}
            vllm:inter_token_latency_seconds_count{"{"}model_name="m"{"}"} {current}
            vllm:time_per_output_token_seconds_bucket{"{"}le="+Inf",model_name="m"{"}"} {legacy}
            vllm:time_per_output_token_seconds_count{"{"}model_name="m"{"}"} {legacy}

            """;
    }

    [Fact]
    public void Map_LegacyNamesAlone_FillTheSameFields()
    {
        var harness = new MapperHarness();
        var batch = harness.Scrape("vllm:gpu_cache_usage_perc{model_name=\"m\"} 0.25\n");

        Assert.Equal(0.25, Assert.Single(batch.ServingSamples)[ServingField.KvCacheUsage]);
    }

    [Fact]
    public void Map_TritonVllmBackend_ModelFromModelLabel()
    {
        var harness = new MapperHarness(lenient: true);
        var batch = harness.Scrape(SharedFixtures.Bytes("triton-vllm-backend-readme.prom"));

        Assert.True(harness.LastResult.Ok, harness.LastResult.ToString());
        var row = Assert.Single(batch.ServingSamples);
        Assert.Equal(("vllm_model", "1"), (row.Server.Model, row.Server.ModelVersion));
    }

    private static string Text(int prompt, int stop, int length, int abort, int b1, int b2, int inf, double sum) => string.Create(
        CultureInfo.InvariantCulture,
        $"""
        # TYPE vllm:prompt_tokens_total counter
        vllm:prompt_tokens_total{"{"}engine="1",model_name="m"{"}"} {prompt}
        # TYPE vllm:request_success_total counter
        vllm:request_success_total{"{"}engine="1",finished_reason="stop",model_name="m"{"}"} {stop}
        vllm:request_success_total{"{"}engine="1",finished_reason="length",model_name="m"{"}"} {length}
        vllm:request_success_total{"{"}engine="1",finished_reason="abort",model_name="m"{"}"} {abort}
        # TYPE vllm:time_to_first_token_seconds histogram
        vllm:time_to_first_token_seconds_sum{"{"}engine="1",model_name="m"{"}"} {sum}
        vllm:time_to_first_token_seconds_bucket{"{"}engine="1",le="0.1",model_name="m"{"}"} {b1}
        vllm:time_to_first_token_seconds_bucket{"{"}engine="1",le="0.5",model_name="m"{"}"} {b2}
        vllm:time_to_first_token_seconds_bucket{"{"}engine="1",le="+Inf",model_name="m"{"}"} {inf}
        vllm:time_to_first_token_seconds_count{"{"}engine="1",model_name="m"{"}"} {inf}

        """);

    private static double[] BoundsInFile(string file, string bucketName) =>
        LeRegex().Matches(SharedFixtures.Text(file))
            .Where(m => m.Groups["name"].Value == bucketName)
            .Select(m => m.Groups["le"].Value == "+Inf" ? double.PositiveInfinity : double.Parse(m.Groups["le"].Value, CultureInfo.InvariantCulture))
            .Distinct()
            .Order()
            .ToArray();

    [GeneratedRegex(""""^(?<name>[^{\s]+)\{[^}]*le="(?<le>[^"]+)"""", RegexOptions.Multiline)]
    private static partial Regex LeRegex();
}
