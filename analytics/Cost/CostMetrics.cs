using System.Diagnostics.Metrics;

namespace Observability.Analytics.Cost;

/// <summary>
/// Cost attribution's own telemetry (meter <c>Observability.Cost</c>): runs by outcome, lines written, and everything
/// that could not be charged — unpriced GPU-hours, telemetry gaps, requests without a cost — so nothing goes unseen.
/// </summary>
public sealed class CostMetrics : IDisposable
{
    public const string MeterName = "Observability.Cost";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _runs;
    private readonly Counter<long> _lines;
    private readonly Counter<double> _unpricedGpuHours;
    private readonly Counter<long> _gapSlots;
    private readonly Counter<long> _uncostedRequests;
    private readonly Counter<long> _budgetEvents;
    private readonly Histogram<double> _duration;

    public CostMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(new MeterOptions(MeterName)) ?? new Meter(MeterName);
        _runs = _meter.CreateCounter<long>("cost.allocation.runs", "{run}", "Allocation runs by outcome (ok, error)");
        _lines = _meter.CreateCounter<long>("cost.allocation.lines", "{line}", "Allocation lines written to the ledger");
        _unpricedGpuHours = _meter.CreateCounter<double>("cost.unpriced.gpu_hours", "h", "GPU-hours seen without a SKU or price, so not charged");
        _gapSlots = _meter.CreateCounter<long>("cost.gap.slots", "{slot}", "Slots of an hour in which a GPU seen that hour reported nothing");
        _uncostedRequests = _meter.CreateCounter<long>("cost.uncosted.requests", "{request}", "Requests to a deployment without GPU rows and without a token price");
        _budgetEvents = _meter.CreateCounter<long>("cost.budget.events", "{event}", "Budget and quota threshold crossings raised");
        _duration = _meter.CreateHistogram<double>("cost.allocation.duration", "s", "Wall time of an allocation run");
    }

    public void Run(string outcome, double seconds)
    {
        if (_runs.Enabled)
        {
            _runs.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        }

        if (_duration.Enabled)
        {
            _duration.Record(seconds);
        }
    }

    public void Completed(AllocationResult result)
    {
        if (_lines.Enabled)
        {
            _lines.Add(result.Lines);
        }

        if (_unpricedGpuHours.Enabled)
        {
            _unpricedGpuHours.Add(result.Unpriced.Sum(u => u.GpuHours));
        }

        if (_gapSlots.Enabled)
        {
            _gapSlots.Add(result.GapSlots);
        }

        if (_uncostedRequests.Enabled)
        {
            _uncostedRequests.Add(result.UncostedRequests);
        }
    }

    public void BudgetEvent(string kind)
    {
        if (_budgetEvents.Enabled)
        {
            _budgetEvents.Add(1, new KeyValuePair<string, object?>("kind", kind));
        }
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
