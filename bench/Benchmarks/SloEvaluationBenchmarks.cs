using BenchmarkDotNet.Attributes;
using Observability.Analytics.Slo;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Model;

namespace Observability.Benchmarks;

/// <summary>
/// One SLO evaluation over a 30-day window of 1,000,000 request events (three tenants, grouped by tenant): the
/// store-side counting the evaluator does (eight aggregate queries: the budget window and seven burn windows)
/// against the peer approach of reading the window's raw events into .NET and counting there.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class SloEvaluationBenchmarks
{
    private const int Events = 1_000_000;
    private static readonly DateTime Now = new(2026, 10, 31, 0, 0, 0, DateTimeKind.Utc);
    private static readonly string[] Tenants = ["acme", "globex", "initech"];

    private DuckDbTelemetryStore? _store;
    private SloDefinition? _slo;
    private SloEvaluator? _evaluator;

    [GlobalSetup]
    public async Task Setup()
    {
        var time = new FixedTime(Now);
        _store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = ":memory:" }, time);
        var random = new Random(42);
        var step = TimeSpan.FromDays(30) / Events;
        for (var start = 0; start < Events; start += 100_000)
        {
            var batch = new RowBatch();
            for (var i = start; i < start + 100_000; i++)
            {
                batch.RequestEvents.Add(new RequestEvent
                {
                    Timestamp = Now.AddDays(-30) + (step * i),
                    RequestId = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Tenant = Tenants[i % 3],
                    Model = "meta-llama/Llama-3.1-8B-Instruct",
                    Status = random.NextDouble() < 0.003 ? RequestStatus.Error : RequestStatus.Success,
                    TtftSeconds = random.NextDouble(),
                });
            }

            await _store.WriteAsync(batch, CancellationToken.None);
        }

        _slo = SloFileLoader.LoadText(
            "apiVersion: obs.slo/v1\nkind: SLO\nmetadata: {name: bench}\nspec:\n  objective: 99.5\n  groupBy: tenant\n" +
            "  timeWindow: {rolling: 30d}\n  indicator: {kind: goodput, goodput: {ttft: 800ms}}\n",
            "bench.yaml").Single();
        _evaluator = new SloEvaluator(_store, time);
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _store!.DisposeAsync();

    [Benchmark(Baseline = true, Description = "raw events into .NET, counted there")]
    public async Task<int> RawEventsCountedInDotNet()
    {
        var events = await _store!.ReadRequestEventsAsync(new TimeRange(Now.AddDays(-30), Now), CancellationToken.None);
        var groups = 0;
        foreach (var window in BurnRateTable.ReportedWindows.Prepend(TimeSpan.FromDays(30)))
        {
            var from = Now - window;
            groups += events
                .Where(e => e.Timestamp >= from)
                .GroupBy(e => e.Tenant)
                .Select(g => (g.Count(), g.Count(e => e.Status == RequestStatus.Success && e.TtftSeconds <= 0.8)))
                .Count();
        }

        return groups;
    }

    [Benchmark(Description = "SloEvaluator: counts computed in the store")]
    public async Task<int> StoreSideCounts() => (await _evaluator!.EvaluateAsync(_slo!, CancellationToken.None)).Groups.Count;

    private sealed class FixedTime(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now, TimeSpan.Zero);
    }
}
