using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Model;

namespace Observability.Cost.Tests;

/// <summary>Builds GPU rows and request events by hand, so allocations can be checked against sums done on paper.</summary>
internal sealed class TestTelemetry
{
    public static readonly DateTime Day = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);

    public const string H100 = "NVIDIA H100 80GB HBM3";
    public const string A100 = "NVIDIA A100-SXM4-80GB";

    public RowBatch Batch { get; } = new();

    public static GpuIdentity Gpu(string uuid, string modelName, string pod = "", string migProfile = "", string migId = "", string ns = "inference") =>
        new("sim", "node-1", "0", uuid, "", "nvidia0", modelName, migProfile, migId, "580", pod.Length > 0 ? ns : "", pod, "");

    /// <summary>One row per minute from <paramref name="from"/> for <paramref name="minutes"/>, skipping the minutes in <paramref name="missing"/>.</summary>
    public TestTelemetry Minutes(GpuIdentity gpu, DateTime from, int minutes, double util = 50, double energyMjPerMinute = double.NaN, Func<int, bool>? missing = null)
    {
        for (var m = 0; m < minutes; m++)
        {
            if (missing?.Invoke(m) == true)
            {
                continue;
            }

            var values = GpuSample.NewValues();
            values[(int)GpuField.GpuUtilPct] = util;
            values[(int)GpuField.EnergyMj] = energyMjPerMinute;
            Batch.GpuSamples.Add(new GpuSample(from.AddMinutes(m).AddSeconds(7), "dcgm", gpu, values));
        }

        return this;
    }

    public TestTelemetry Requests(DateTime at, string tenant, string model, int count, long input = 100, long output = 10, long cached = 0, string pod = "", string deployment = "", string ns = "inference")
    {
        for (var i = 0; i < count; i++)
        {
            Batch.RequestEvents.Add(new RequestEvent
            {
                Timestamp = at.AddSeconds(i),
                RequestId = $"{tenant}-{model}-{at:HHmmss}-{i}-{Batch.RequestEvents.Count}",
                Tenant = tenant,
                Model = model,
                Deployment = deployment,
                Namespace = ns,
                Pod = pod,
                Status = RequestStatus.Success,
                InputTokens = input,
                OutputTokens = output,
                CachedInputTokens = cached,
            });
        }

        return this;
    }

    public static async Task<DuckDbTelemetryStore> StoreAsync(RowBatch batch, string priceBook = TestPriceBooks.Standard)
    {
        var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = ":memory:" });
        await store.InitializeAsync(CancellationToken.None);
        await store.WriteAsync(batch, CancellationToken.None);
        var path = Path.Combine(Path.GetTempPath(), $"prices-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, priceBook);
        try
        {
            await Analytics.Cost.PriceBookStore.LoadAsync(store, path, "test", "initial", TimeProvider.System, CancellationToken.None);
        }
        finally
        {
            File.Delete(path);
        }

        return store;
    }
}
