using Observability.Ingest.Contract;
using Observability.Ingest.Model;
using Observability.Ingest.Tests.Support;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Ingest.Tests.DuckDb;

public sealed class DuckDbAggregateTests
{
    private static readonly TimeRange FirstHour = new(T0, T0.AddHours(1));

    [Fact]
    public async Task QueryGpuUtilizationAsync_WorkedNumbers_CountsRowsAndAveragesReportedUtilization()
    {
        await using var store = StoreSql.InMemory();
        await store.WriteAsync(
            Batch(
                GpuRow(T0, Gpu("GPU-1"), util: 10),
                GpuRow(T0.AddMinutes(1), Gpu("GPU-1"), util: 20),
                GpuRow(T0.AddMinutes(2), Gpu("GPU-1"), util: double.NaN),
                GpuRow(T0, Gpu("GPU-2", mig: "1"), util: 50),
                GpuRow(T0, Gpu("GPU-0", node: "node-b"), util: double.NaN),
                GpuRow(T0.AddHours(1), Gpu("GPU-1"), util: 90)),
            CancellationToken.None);

        var result = await store.QueryGpuUtilizationAsync(FirstHour, CancellationToken.None);

        Assert.Equal(3, result.Count);
        Assert.Equal(("GPU-0", "", "node-b", 1L), (result[0].Uuid, result[0].MigInstanceId, result[0].Node, result[0].Rows));
        Assert.True(double.IsNaN(result[0].MeanUtilPct));
        Assert.Equal(new GpuUtilization("GPU-1", "", "node-a", "NVIDIA H100 80GB HBM3", 3, 15), result[1]);
        Assert.Equal(new GpuUtilization("GPU-2", "1", "node-a", "NVIDIA H100 80GB HBM3", 1, 50), result[2]);
    }

    [Fact]
    public async Task QueryModelTotalsAsync_WorkedNumbers_SumsIncreasesPerModelAndLeavesGaugesNaN()
    {
        await using var store = StoreSql.InMemory();
        var batch = new RowBatch();
        batch.ServingSamples.AddRange(
        [
            ServingRow(T0, Server("llama"), f => f switch
            {
                ServingField.PromptTokens => 100,
                ServingField.GenerationTokens => 10,
                ServingField.RequestsRunning => 4,
                _ => double.NaN,
            }),
            ServingRow(T0.AddMinutes(1), Server("llama", engine: "1"), f => f switch
            {
                ServingField.PromptTokens => 50,
                ServingField.RequestsSucceeded => 3,
                _ => double.NaN,
            }),
            ServingRow(T0, Server("bert", source: "triton"), f => f == ServingField.InferenceCount ? 7 : double.NaN),
            ServingRow(T0.AddHours(2), Server("llama"), _ => 1000),
        ]);
        await store.WriteAsync(batch, CancellationToken.None);

        var result = await store.QueryModelTotalsAsync(FirstHour, CancellationToken.None);

        Assert.Equal([("bert", "triton"), ("llama", "vllm")], result.Select(r => (r.Model, r.Source)));
        var llama = result[1];
        Assert.Equal(ServingFieldCatalog.Count, llama.Sums.Length);
        Assert.Equal(150, llama[ServingField.PromptTokens]);
        Assert.Equal(10, llama[ServingField.GenerationTokens]);
        Assert.Equal(3, llama[ServingField.RequestsSucceeded]);
        Assert.True(double.IsNaN(llama[ServingField.RequestsRunning]), "gauges are not summed");
        Assert.True(double.IsNaN(llama[ServingField.Preemptions]), "never reported");
        Assert.Equal(7, result[0][ServingField.InferenceCount]);
    }
}
