using Observability.Collectors.Tests.Support;
using Observability.Ingest.Model;

namespace Observability.Collectors.Tests.Serving;

public sealed class TritonMapperTests
{
    [Fact]
    public void Map_FailuresByReason_SumIntoFailedAndPerReason()
    {
        var harness = new MapperHarness();
        harness.Scrape(Text(success: 100, rejected: 1, backend: 0));
        var row = Assert.Single(harness.Scrape(Text(success: 130, rejected: 4, backend: 2)).ServingSamples);

        Assert.Equal(("triton", "my_model", "1"), (row.Server.Source, row.Server.Model, row.Server.ModelVersion));
        Assert.Equal(30, row[ServingField.RequestsSucceeded]);
        Assert.Equal(3, row[ServingField.FailedRejected]);
        Assert.Equal(2, row[ServingField.FailedBackend]);
        Assert.Equal(5, row[ServingField.RequestsFailed]);

        static string Text(int success, int rejected, int backend) => $"""
            nv_inference_request_success{"{"}model="my_model",version="1"{"}"} {success}
            nv_inference_request_failure{"{"}model="my_model",reason="REJECTED",version="1"{"}"} {rejected}
            nv_inference_request_failure{"{"}model="my_model",reason="BACKEND",version="1"{"}"} {backend}

            """;
    }

    [Fact]
    public void Map_FirstResponseHistogramInPrometheusCppOrder_ConvertedToSeconds()
    {
        var harness = new MapperHarness();
        harness.Scrape(Text(count: 37, sum: 10771, b100: 8, b500: 30));
        var batch = harness.Scrape(Text(count: 47, sum: 12771, b100: 10, b500: 39));

        var h = Assert.Single(batch.ServingHistograms);
        Assert.Equal(ServingHistogramNames.TimeToFirstToken, h.Metric);
        Assert.Equal([0.1, 0.5, double.PositiveInfinity], h.UpperBounds);
        Assert.Equal([2.0, 7.0, 1.0], h.BucketCounts);
        Assert.Equal(10, h.Count);
        Assert.Equal(2.0, h.Sum, 9);

        static string Text(int count, int sum, int b100, int b500) => $"""
            # TYPE nv_inference_first_response_histogram_ms histogram
            nv_inference_first_response_histogram_ms_count{"{"}model="my_model",version="1"{"}"} {count}
            nv_inference_first_response_histogram_ms_sum{"{"}model="my_model",version="1"{"}"} {sum}
            nv_inference_first_response_histogram_ms_bucket{"{"}model="my_model",version="1",le="100"{"}"} {b100}
            nv_inference_first_response_histogram_ms_bucket{"{"}model="my_model",version="1",le="500"{"}"} {b500}
            nv_inference_first_response_histogram_ms_bucket{"{"}model="my_model",version="1",le="+Inf"{"}"} {count}

            """;
    }

    [Fact]
    public void Map_TensorRtLlmInflightCapture_RequestsAndKvFraction()
    {
        var batch = new MapperHarness().Scrape(SharedFixtures.Bytes("triton-trtllm-inflight-readme.prom"));

        var row = Assert.Single(batch.ServingSamples, s => s.Server.Model == "tensorrt_llm");
        Assert.Equal(0, row[ServingField.RequestsRunning]);
        Assert.Equal(1, row[ServingField.RequestsWaiting]);
        Assert.Equal(0.4875, row[ServingField.KvCacheUsage]);
    }

    [Fact]
    public void Map_TokenLengthHistograms_FeedTokenTotals()
    {
        var harness = new MapperHarness();
        harness.Scrape(Text(inputSum: 1000, outputSum: 300, count: 10));
        var row = Assert.Single(harness.Scrape(Text(inputSum: 1500, outputSum: 420, count: 12)).ServingSamples);

        Assert.Equal(500, row[ServingField.PromptTokens]);
        Assert.Equal(120, row[ServingField.GenerationTokens]);

        static string Text(int inputSum, int outputSum, int count) => $"""
            nv_llm_input_token_len_bucket{"{"}model="ensemble",response_metric_type="total_input_tokens",version="1",le="+Inf"{"}"} {count}
            nv_llm_input_token_len_sum{"{"}model="ensemble",response_metric_type="total_input_tokens",version="1"{"}"} {inputSum}
            nv_llm_input_token_len_count{"{"}model="ensemble",response_metric_type="total_input_tokens",version="1"{"}"} {count}
            nv_llm_output_token_len_bucket{"{"}model="ensemble",response_metric_type="total_output_tokens",version="1",le="+Inf"{"}"} {count}
            nv_llm_output_token_len_sum{"{"}model="ensemble",response_metric_type="total_output_tokens",version="1"{"}"} {outputSum}
            nv_llm_output_token_len_count{"{"}model="ensemble",response_metric_type="total_output_tokens",version="1"{"}"} {count}

            """;
    }
}
