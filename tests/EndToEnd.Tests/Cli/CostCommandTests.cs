using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Model;

namespace Observability.EndToEnd.Tests.Cli;

/// <summary>The cost commands as an operator runs them: load prices, allocate a month, export it twice, restate.</summary>
public sealed class CostCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"obs-cost-{Guid.NewGuid():N}");

    public CostCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task LoadAllocateExportRestate_OneMonth_ExportsIdenticalUntilRestated()
    {
        var db = Path.Combine(_dir, "obs.duckdb");
        await WriteTelemetryAsync(db);
        var prices = Path.Combine(_dir, "prices.json");
        await File.WriteAllTextAsync(prices, Prices("4.00"));

        Assert.Equal(0, (await CliRunner.RunAsync("cost", "load-prices", prices, "--reason", "initial", "--by", "ops", "--db", db)).Exit);
        var allocate = await CliRunner.RunAsync("cost", "allocate", "--month", "2026-10", "--db", db);
        Assert.True(allocate.Exit == 0, allocate.Stderr);
        Assert.Contains("GPU cost 8.00", allocate.Stdout, StringComparison.Ordinal);

        var first = await CliRunner.RunAsync("export", "chargeback", "--month", "2026-10", "--out", Path.Combine(_dir, "a"), "--db", db);
        var second = await CliRunner.RunAsync("export", "chargeback", "--month", "2026-10", "--out", Path.Combine(_dir, "b"), "--db", db);
        Assert.True(first.Exit == 0, first.Stderr);
        Assert.Contains("total 8.00 USD, revision 1", first.Stdout, StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(_dir, "a")))
        {
            Assert.Equal(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(Path.Combine(_dir, "b", Path.GetFileName(file))));
        }

        await File.WriteAllTextAsync(prices, Prices("5.00"));
        Assert.Equal(0, (await CliRunner.RunAsync("cost", "load-prices", prices, "--reason", "invoice", "--db", db)).Exit);
        var restate = await CliRunner.RunAsync("cost", "restate", "--month", "2026-10", "--reason", "H100 invoice corrected", "--by", "finance", "--db", db);
        Assert.True(restate.Exit == 0, restate.Stderr);
        var third = await CliRunner.RunAsync("export", "chargeback", "--month", "2026-10", "--format", "json", "--out", Path.Combine(_dir, "c"), "--db", db);
        Assert.Contains("total 10.00 USD, revision 2 (restated by finance: H100 invoice corrected)", third.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadPrices_InvalidFile_Exit1WithEveryProblem()
    {
        var prices = Path.Combine(_dir, "bad.json");
        await File.WriteAllTextAsync(prices, """{ "sku_map": { "NVIDIA H100 80GB HBM3": "H100" }, "gpu_prices": [ { "sku": "H100", "pricing": "free", "from": "2026-10-01" } ] }""");

        var (exit, _, stderr) = await CliRunner.RunAsync("cost", "load-prices", prices, "--reason", "x", "--db", Path.Combine(_dir, "obs.duckdb"));

        Assert.Equal(1, exit);
        Assert.Contains("gpu_prices[0].pricing: 'free' is not one of", stderr, StringComparison.Ordinal);
    }

    private static string Prices(string perHour) => $$"""
        { "sku_map": { "NVIDIA H100 80GB HBM3": "H100" },
          "gpu_prices": [ { "sku": "H100", "pricing": "on_demand", "from": "2026-10-01", "per_gpu_hour": "{{perHour}}" } ] }
        """;

    /// <summary>One H100 for two hours on 1 October, used by one tenant.</summary>
    private static async Task WriteTelemetryAsync(string db)
    {
        var batch = new RowBatch();
        var gpu = new GpuIdentity("c", "n", "0", "GPU-1", "", "nvidia0", "NVIDIA H100 80GB HBM3", "", "", "580", "inference", "chat-0", "vllm");
        var start = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var m = 0; m < 120; m++)
        {
            batch.GpuSamples.Add(new GpuSample(start.AddMinutes(m), "dcgm", gpu, GpuSample.NewValues()));
        }

        batch.RequestEvents.Add(new RequestEvent
        {
            Timestamp = start.AddMinutes(5), RequestId = "r1", Tenant = "acme", Model = "m", Namespace = "inference", Pod = "chat-0",
            Status = RequestStatus.Success, InputTokens = 10, OutputTokens = 5,
        });
        await using var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = db });
        await store.WriteAsync(batch, CancellationToken.None);
    }
}
