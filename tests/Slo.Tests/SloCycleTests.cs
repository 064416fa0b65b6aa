using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Observability.Analytics.Slo;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Observability.Slo.Tests.Support;

namespace Observability.Slo.Tests;

public sealed class SloCycleTests
{
    [Fact]
    public async Task RunOnce_AnObserverFails_OthersStillRunAndTheFailureIsCounted()
    {
        var time = new FakeTimeProvider(Events.Now);
        await using var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = ":memory:" }, time);
        await Events.WriteSpreadAsync(store, Events.Now.AddMinutes(-10), Events.Now, 10, 1);
        using var meters = new ScopedMeters();
        var board = new SloBoard();
        using var metrics = new SloMetrics(board, meters);
        var after = new Recording();
        var slo = Slos.Parse("objective: 99\ntimeWindow: {rolling: 1d}\nindicator: {kind: availability}");
        var cycle = new SloCycle([slo], new SloEvaluator(store, time), store, board, metrics, [new Failing(), after], NullLogger<SloCycle>.Instance);

        var evaluations = await cycle.RunOnceAsync(default);

        Assert.Equal(0.9, Assert.Single(Assert.Single(evaluations).Groups).Sli, 1e-12);
        Assert.Equal(1, after.Rounds);
        Assert.Same(evaluations[0], Assert.Single(board.Latest));
        Assert.Equal(1, meters.Total("slo.observer_failures"));
        Assert.Equal(1, meters.Total("slo.evaluations"));
        Assert.Equal(8, (await store.ReadSloResultsAsync(TimeRange.All, default)).Count);
    }

    private sealed class Failing : ISloEvaluationObserver
    {
        public Task OnEvaluatedAsync(IReadOnlyList<SloEvaluation> evaluations, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("alert store down");
    }

    private sealed class Recording : ISloEvaluationObserver
    {
        public int Rounds { get; private set; }

        public Task OnEvaluatedAsync(IReadOnlyList<SloEvaluation> evaluations, CancellationToken cancellationToken)
        {
            Rounds++;
            return Task.CompletedTask;
        }
    }

    /// <summary>Meters this test alone listens to, so parallel tests do not add to its counts.</summary>
    private sealed class ScopedMeters : IMeterFactory
    {
        private readonly MeterListener _listener = new();
        private readonly List<Meter> _meters = [];
        private readonly Dictionary<string, long> _totals = [];

        public ScopedMeters()
        {
            _listener.InstrumentPublished = (i, l) =>
            {
                if (ReferenceEquals(i.Meter.Scope, this))
                {
                    l.EnableMeasurementEvents(i);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, _, _) =>
            {
                lock (_totals)
                {
                    _totals[i.Name] = _totals.GetValueOrDefault(i.Name) + v;
                }
            });
            _listener.Start();
        }

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(new MeterOptions(options.Name) { Scope = this });
            _meters.Add(meter);
            return meter;
        }

        public long Total(string name)
        {
            lock (_totals)
            {
                return _totals.GetValueOrDefault(name);
            }
        }

        public void Dispose()
        {
            _listener.Dispose();
            _meters.ForEach(m => m.Dispose());
        }
    }
}
