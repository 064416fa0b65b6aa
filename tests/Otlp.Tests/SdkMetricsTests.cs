using System.Diagnostics.Metrics;
using Observability.Ingest.Contract;
using Observability.Otlp.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Observability.Otlp.Tests;

/// <summary>GenAI metrics from the OpenTelemetry SDK (cumulative, its default) become histogram increases and raw samples.</summary>
public sealed class SdkMetricsTests
{
    [Fact]
    public async Task Export_CumulativeHistogramAndCounter_StoredAsIncreasesPerExport()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var meterName = "gateway-metrics-" + Guid.NewGuid().ToString("N");
        using var meter = new Meter(meterName);
        var ttft = meter.CreateHistogram<double>("gen_ai.server.time_to_first_token", "s");
        var tokens = meter.CreateCounter<long>("gen_ai.client.inference.usage.input_tokens", "{token}");
        using var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meterName)
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("vllm-0").AddAttributes([new("k8s.pod.name", "vllm-0")]))
            .AddView("gen_ai.server.time_to_first_token", new ExplicitBucketHistogramConfiguration { Boundaries = [0.1, 0.5, 1] })
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Endpoint = h.MetricsUrl;
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000; // exports only when flushed
            })
            .Build();
        var llama = new KeyValuePair<string, object?>("gen_ai.request.model", "llama");
        var tenant = new KeyValuePair<string, object?>("tenant.id", "acme");

        ttft.Record(0.05, llama, tenant);
        ttft.Record(0.7, llama, tenant);
        tokens.Add(100, llama, tenant);
        Assert.True(provider.ForceFlush(30_000));
        await h.WaitForExportsAsync(1);
        ttft.Record(0.3, llama, tenant);
        tokens.Add(20, llama, tenant);
        Assert.True(provider.ForceFlush(30_000));
        await h.WaitForExportsAsync(2);

        await h.Writer.FlushAsync();
        var histograms = await h.Store.ReadServingHistogramsAsync(TimeRange.All, "gen_ai.server.time_to_first_token", CancellationToken.None);
        Assert.Equal(2, histograms.Count);
        Assert.All(histograms, x => Assert.Equal([0.1, 0.5, 1, double.PositiveInfinity], x.UpperBounds));
        Assert.Equal([1.0, 0, 1, 0], histograms[0].BucketCounts); // the series began after the receiver: counted whole
        Assert.Equal([0.0, 1, 0, 0], histograms[1].BucketCounts); // then only what the second export added
        Assert.Equal(("llama", "acme", "vllm-0"), (histograms[1].Server.Model, histograms[1].Server.TenantHint, histograms[1].Server.Pod));
        var counter = (await h.Store.ReadRawSamplesAsync(TimeRange.All, CancellationToken.None)).Where(r => r.Name == "gen_ai.client.inference.usage.input_tokens").ToList();
        Assert.Equal([100.0, 20], counter.Select(r => r.Value));
        Assert.Contains("tenant.id=\"acme\"", counter[0].Labels, StringComparison.Ordinal);
        Assert.Contains("service.name=\"vllm-0\"", counter[0].Labels, StringComparison.Ordinal);
        var totals = Assert.Single(await h.Store.QueryModelTotalsAsync(TimeRange.All, CancellationToken.None));
        Assert.Equal(("llama", "otlp", 120.0), (totals.Model, totals.Source, totals[Ingest.Model.ServingField.PromptTokens]));
    }
}
