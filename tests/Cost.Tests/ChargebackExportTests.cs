using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Observability.Analytics.Cost;
using Observability.Analytics.Cost.Chargeback;
using Observability.Ingest.Contract;

namespace Observability.Cost.Tests;

/// <summary>The monthly export: reconciled totals, detail files, charts, immutability and deliberate restatement.</summary>
public abstract class ChargebackExportTests : IDisposable
{
    protected abstract TestStore NewStore();

    private const string Month = "2026-10";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"chargeback-{Guid.NewGuid():N}");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero));

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public async Task ExportAsync_Csv_SummaryDetailAndChartReconcileWithTheFleetTotal()
    {
        await using var store = await AllocatedStoreAsync();

        var export = await new ChargebackExporter(store, _time).ExportAsync(Month, null, ChargebackFormat.Csv, Out("a"), CancellationToken.None);

        var summary = Csv(Path.Combine(Out("a"), "chargeback-2026-10.csv"));
        var lines = summary.Skip(1).Where(r => r[0] != "total").ToList();
        var total = decimal.Parse(summary[^1][3], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(total, lines.Sum(r => Money(r[3])));
        Assert.Equal(export.Total, total);
        Assert.Equal(Math.Round(FleetDayTotal(), 2, MidpointRounding.AwayFromZero), total);
        foreach (var tenant in new[] { "acme", "globex", "initech", "solo" })
        {
            var detail = Csv(Path.Combine(Out("a"), $"chargeback-2026-10-detail-{tenant}.csv")).Skip(1).ToList();
            Assert.Equal(lines.Where(r => r[1] == tenant).Sum(r => Money(r[3])), detail.Sum(r => Money(r[3])));
            var png = await File.ReadAllBytesAsync(Path.Combine(Out("a"), $"chargeback-2026-10-{tenant}.png"));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        }

        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Out("a"), "chargeback-2026-10-manifest.json")));
        Assert.Equal(1, manifest.RootElement.GetProperty("price_book_version").GetInt32());
        Assert.Equal(1, manifest.RootElement.GetProperty("revision").GetInt32());
        Assert.False(manifest.RootElement.GetProperty("restated").GetBoolean());
        Assert.Contains(lines, r => r[0] == "idle");
        Assert.Contains(lines, r => r[0] == "unallocated");
    }

    [Fact]
    public async Task ExportAsync_AgainAfterTheLedgerChanged_ByteIdenticalFiles()
    {
        await using var store = await AllocatedStoreAsync();
        var exporter = new ChargebackExporter(store, _time);
        await exporter.ExportAsync(Month, null, ChargebackFormat.Json, Out("first"), CancellationToken.None);

        // A new price book and a re-run of the hourly job change the ledger, not the exported month.
        await LoadPricesAsync(store, TestPriceBooks.Standard.Replace("\"2.10\"", "\"2.50\"", StringComparison.Ordinal), "new A100 price");
        await new CostAllocationRunner(store, new CostOptions(), _time).RunAsync(new TimeRange(TestTelemetry.Day, TestTelemetry.Day.AddDays(1)), CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(3));
        await exporter.ExportAsync(Month, null, ChargebackFormat.Json, Out("second"), CancellationToken.None);

        var first = Directory.GetFiles(Out("first")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(first, Directory.GetFiles(Out("second")).Select(Path.GetFileName).Order());
        Assert.Equal(2 + (2 * 4), first.Count); // summary, manifest, and a detail file and a chart per tenant
        foreach (var name in first)
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(Out("first"), name!)), await File.ReadAllBytesAsync(Path.Combine(Out("second"), name!)));
        }
    }

    [Fact]
    public async Task RestateAsync_CorrectedPriceBook_NewRevisionNamedInTheExportAndOldOneKept()
    {
        await using var store = await AllocatedStoreAsync();
        var exporter = new ChargebackExporter(store, _time);
        var before = await exporter.ExportAsync(Month, null, ChargebackFormat.Csv, Out("before"), CancellationToken.None);
        await LoadPricesAsync(store, TestPriceBooks.Standard.Replace("\"2.10\"", "\"2.50\"", StringComparison.Ordinal), "A100 invoice corrected");

        var restated = await exporter.RestateAsync(Month, "finance@corp", "A100 invoice corrected", new CostAllocationRunner(store, new CostOptions(), _time), CancellationToken.None);
        var after = await exporter.ExportAsync(Month, null, ChargebackFormat.Csv, Out("after"), CancellationToken.None);

        Assert.Equal(2, restated.Revision);
        Assert.Equal(before.Total + (24 * 0.40m), after.Total); // one A100, $0.40 an hour more
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Out("after"), "chargeback-2026-10-manifest.json")));
        Assert.True(manifest.RootElement.GetProperty("restated").GetBoolean());
        Assert.Equal(2, manifest.RootElement.GetProperty("price_book_version").GetInt32());
        var second = manifest.RootElement.GetProperty("revisions")[1];
        Assert.Equal(("finance@corp", "A100 invoice corrected"), (second.GetProperty("created_by").GetString(), second.GetProperty("reason").GetString()));
        Assert.NotEmpty(await store.ReadChargebackLinesAsync(Month, 1, CancellationToken.None));
    }

    [Fact]
    public async Task ExportAsync_OneTenant_OnlyItsLinesAndFiles()
    {
        await using var store = await AllocatedStoreAsync();

        await new ChargebackExporter(store, _time).ExportAsync(Month, "solo", ChargebackFormat.Csv, Out("solo"), CancellationToken.None);

        var summary = Csv(Path.Combine(Out("solo"), "chargeback-2026-10.csv"));
        Assert.All(summary.Skip(1).SkipLast(1), r => Assert.Equal("solo", r[1]));
        Assert.Equal(4, Directory.GetFiles(Out("solo")).Length);
    }

    [Fact]
    public async Task ExportAsync_MonthNotOver_Refused()
    {
        await using var store = await AllocatedStoreAsync();
        var early = new FakeTimeProvider(new DateTimeOffset(2026, 10, 20, 0, 0, 0, TimeSpan.Zero));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new ChargebackExporter(store, early).ExportAsync(Month, null, ChargebackFormat.Csv, Out("early"), CancellationToken.None));

        Assert.Contains("not over", error.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ReadChargebackRevisionsAsync(Month, CancellationToken.None));
    }

    private static decimal FleetDayTotal() =>
        Enumerable.Range(0, 24).Sum(h => ((h < 12 ? 4m : 3m) * (h == 3 ? 2m - (10m / 60m) : 2m)) + (h < 6 ? 4m : 0m) + 2.10m + 3.25m);

    private async Task<TestStore> AllocatedStoreAsync()
    {
        var store = await NewStore().PrepareAsync(CostAllocationTests.Fleet().Batch);
        await new CostAllocationRunner(store, new CostOptions(), _time).RunAsync(new TimeRange(TestTelemetry.Day, TestTelemetry.Day.AddMonths(1)), CancellationToken.None);
        return store;
    }

    private async Task LoadPricesAsync(TestStore store, string text, string reason)
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, $"prices-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, text);
        await PriceBookStore.LoadAsync(store, path, "finance@corp", reason, _time, CancellationToken.None);
    }

    private string Out(string name) => Path.Combine(_dir, name);

    private static List<string[]> Csv(string path) => [.. File.ReadAllLines(path).Select(l => l.Split(','))];

    private static decimal Money(string text) => decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class DuckDbChargebackExportTests : ChargebackExportTests
{
    protected override TestStore NewStore() => TestStore.DuckDb();
}

[Collection(ClickHouseCollection.Name)]
public sealed class ClickHouseChargebackExportTests(ClickHouseFixture clickHouse) : ChargebackExportTests
{
    protected override TestStore NewStore() => TestStore.ClickHouse(clickHouse);
}
