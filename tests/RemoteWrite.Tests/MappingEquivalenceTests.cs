using Observability.Collectors.Mapping;
using Observability.Ingest.Model;
using Observability.RemoteWrite.Tests.Support;
using Observability.Simulator;

namespace Observability.RemoteWrite.Tests;

/// <summary>
/// remote_write must give the rows a direct scrape gives: the same pages go through the scrape path and, as the
/// requests a Prometheus would send, through the intake; both land in a real store and are read back.
/// </summary>
public sealed class MappingEquivalenceTests
{
    [Fact]
    public async Task Accept_SimulatedFleetInShuffledShards_SameRowsAsDirectScrapes()
    {
        await using var direct = await StoreUnderTest.StartAsync();
        await using var remote = await IntakeUnderTest.StartAsync();
        var time = remote.Time;
        var scrapes = new SimulatedScrapes(new FleetSimulator(FleetPresets.Small with { FaultsPerGpuPerDay = 0 }, time));
        var rng = new Random(7);

        for (var scrape = 0; scrape < 3; scrape++)
        {
            time.Advance(TimeSpan.FromSeconds(15));
            scrapes.Simulator.Advance();
            var (batches, series) = scrapes.ScrapeAll(time.GetUtcNow().ToUnixTimeMilliseconds());
            foreach (var batch in batches)
            {
                await direct.WriteAsync(batch);
            }

            // Four shards, sent in random order: the pieces of one scrape arrive in several requests.
            foreach (var body in SimulatedScrapes.Shard(series, 4).OrderBy(_ => rng.Next()))
            {
                Assert.Equal(204, remote.Post(body).Status);
            }
        }

        var expected = await direct.RowsAsync();
        var actual = await remote.RowsAsync();
        Assert.NotEmpty(expected.Gpus);
        Assert.Contains(expected.Gpus, g => g.Gpu.MigInstanceId.Length > 0);
        Assert.Contains(expected.Serving, s => s.Server.Source == "vllm" && s[ServingField.PromptTokens] > 0);
        Assert.Contains(expected.Serving, s => s.Server.Source == "triton");
        Assert.Contains(expected.Histograms, h => h.BucketCounts.Sum() > 0);
        RowAssert.SameGpuRows(expected.Gpus, actual.Gpus);
        RowAssert.SameServingRows(expected.Serving, actual.Serving);
        RowAssert.SameHistograms(expected.Histograms, actual.Histograms);
        RowAssert.SameStatuses(expected.Statuses, actual.Statuses);
        Assert.Equal(scrapes.Direct.Values.Sum(d => d.Unmapped), remote.Counters.Sum("obs_remote_write_samples_unmapped"));
    }

    [Fact]
    public async Task Accept_HandBuiltDcgmAndVllmWithCounterReset_SameRowsAsTheExpositionText()
    {
        var labels = new TargetLabels("prod-a", "gpu-07", "", "", "");
        var target = new Dictionary<string, string> { ["cluster"] = "prod-a", ["node"] = "gpu-07" };
        var direct = new DirectScrape("10.0.0.7:9400", "node", labels, keepUnmapped: true);
        await using var directStore = await StoreUnderTest.StartAsync();
        await using var remote = await IntakeUnderTest.StartAsync(new RemoteWriteOptions { Enabled = true, KeepUnmapped = true });

        // Energy and tokens climb, then the process restarts (counters drop): the increase is the new value.
        (double Energy, double Tokens, double Stop, double B1, double Inf, double Util)[] pages =
            [(1000, 100, 10, 2, 6, 40), (1600, 160, 14, 4, 11, 55), (300, 20, 1, 1, 2, 12)];
        for (var i = 0; i < pages.Length; i++)
        {
            var p = pages[i];
            var text = $$"""
                DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-aaaa",pci_bus_id="00000000:3B:00.0",device="nvidia0",modelName="NVIDIA H100 80GB HBM3",Hostname="gpu-07",DCGM_FI_DRIVER_VERSION="570.86.15",container="vllm",namespace="llm",pod="llama-0"} {{p.Util}}
                DCGM_FI_DEV_GPU_UTIL{gpu="1",UUID="GPU-bbbb",pci_bus_id="00000000:5E:00.0",device="nvidia1",modelName="NVIDIA H100 80GB HBM3",Hostname="gpu-07",DCGM_FI_DRIVER_VERSION="570.86.15",container="",namespace="",pod=""} 0
                DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{gpu="0",UUID="GPU-aaaa",pci_bus_id="00000000:3B:00.0",device="nvidia0",modelName="NVIDIA H100 80GB HBM3",Hostname="gpu-07",DCGM_FI_DRIVER_VERSION="570.86.15",container="vllm",namespace="llm",pod="llama-0"} {{p.Energy}}
                DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{gpu="1",UUID="GPU-bbbb",pci_bus_id="00000000:5E:00.0",device="nvidia1",modelName="NVIDIA H100 80GB HBM3",Hostname="gpu-07",DCGM_FI_DRIVER_VERSION="570.86.15",container="",namespace="",pod=""} {{p.Energy * 2}}
                DCGM_FI_DEV_MEMORY_TEMP{gpu="0",UUID="GPU-aaaa",pci_bus_id="00000000:3B:00.0",device="nvidia0",modelName="NVIDIA H100 80GB HBM3",Hostname="gpu-07",DCGM_FI_DRIVER_VERSION="570.86.15",container="vllm",namespace="llm",pod="llama-0"} 9223372036854775794
                vllm:num_requests_running{model_name="meta-llama/Llama-3.1-8B-Instruct",engine="0"} 3
                vllm:prompt_tokens_total{model_name="meta-llama/Llama-3.1-8B-Instruct",engine="0"} {{p.Tokens}}
                vllm:request_success_total{finished_reason="stop",model_name="meta-llama/Llama-3.1-8B-Instruct",engine="0"} {{p.Stop}}
                vllm:request_success_total{finished_reason="abort",model_name="meta-llama/Llama-3.1-8B-Instruct",engine="0"} 1
                vllm:e2e_request_latency_seconds_bucket{le="0.5",model_name="meta-llama/Llama-3.1-8B-Instruct",engine="0"} {{p.B1}}
                vllm:e2e_request_latency_seconds_bucket{le="+Inf",model_name="meta-llama/Llama-3.1-8B-Instruct",engine="0"} {{p.Inf}}
                vllm:e2e_request_latency_seconds_sum{model_name="meta-llama/Llama-3.1-8B-Instruct",engine="0"} {{p.Inf * 0.4}}
                vllm:e2e_request_latency_seconds_count{model_name="meta-llama/Llama-3.1-8B-Instruct",engine="0"} {{p.Inf}}
                python_gc_objects_collected_total{generation="0",note="quote \" and \\ kept"} {{i}}

                """;
            var timestamp = IntakeUnderTest.Start.AddSeconds(15 * (i + 1)).ToUnixTimeMilliseconds();
            await directStore.WriteAsync(direct.Scrape(text, timestamp));
            Assert.Equal(204, remote.Post(WriteRequests.Encode(WriteRequests.From(ExposedSample.Parse(text), timestamp, "node", "10.0.0.7:9400", target))).Status);
        }

        var expected = await directStore.RowsAsync();
        var actual = await remote.RowsAsync();
        Assert.Equal(6, expected.Gpus.Count);
        Assert.Equal(300, expected.Gpus.Single(g => g.Timestamp == expected.Gpus.Max(x => x.Timestamp) && g.Gpu.Uuid == "GPU-aaaa")[GpuField.EnergyMj]);
        Assert.Equal(3, expected.Raw.Count);
        RowAssert.SameGpuRows(expected.Gpus, actual.Gpus);
        RowAssert.SameServingRows(expected.Serving, actual.Serving);
        RowAssert.SameHistograms(expected.Histograms, actual.Histograms);
        RowAssert.SameRaw(expected.Raw, actual.Raw);
    }
}
