using System.Diagnostics;
using Observability.Ingest.Contract;

namespace Observability.Analytics.Cost;

/// <summary>
/// One allocation run over whole hours, steps 1–5: GPU pieces from the store's hourly aggregate, tenants' shares
/// from its request aggregate, the lines written to the ledger in place of whatever the range held before. Runs
/// with the newest price-book version; a run over hours already allocated replaces them (that is a restatement when
/// the book changed, which <see cref="Restatement"/> makes deliberate for closed months).
/// </summary>
public sealed class CostAllocationRunner(ICostStore store, CostOptions options, TimeProvider time, CostMetrics? metrics = null, IBudgetEventSink? budgetEvents = null)
{
    public async Task<AllocationResult> RunAsync(TimeRange range, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            var result = await RunCoreAsync(range, cancellationToken).ConfigureAwait(false);
            metrics?.Completed(result);
            metrics?.Run("ok", time.GetElapsedTime(started).TotalSeconds);
            return result;
        }
        catch
        {
            metrics?.Run("error", time.GetElapsedTime(started).TotalSeconds);
            throw;
        }
    }

    private async Task<AllocationResult> RunCoreAsync(TimeRange range, CancellationToken cancellationToken)
    {
        CheckWholeHours(range);
        var (version, book) = await PriceBookStore.LatestAsync(store, cancellationToken).ConfigureAwait(false);

        // One pair of store aggregates covers the calibration window and the allocated range together.
        var calibration = new TimeRange(range.From - options.CalibrationWindow, range.To);
        // The request aggregate runs beside the GPU aggregate and its pricing: a month's two aggregates are the
        // larger part of a run, and each leaves a core idle while .NET reads its rows.
        var requestQuery = Task.Run(() => store.QueryRequestHoursAsync(calibration, cancellationToken), cancellationToken);
        var gpuRows = await store.QueryGpuHoursAsync(calibration, options.Slot, cancellationToken).ConfigureAwait(false);

        var history = new GpuCostCalculator(book, version, options.Slot);
        history.Add(gpuRows.Where(r => r.Hour < range.From));
        var current = new GpuCostCalculator(book, version, options.Slot);
        current.Add(gpuRows.Where(r => range.Contains(r.Hour)));
        var requestRows = await requestQuery.ConfigureAwait(false);
        var coefficients = GpuTimeCalibration.Fit(history.Pieces.Concat(current.Pieces), requestRows, options);

        var allocator = new CostAllocator(options, book, version, coefficients);
        allocator.Allocate(current.Pieces, [.. requestRows.Where(r => range.Contains(r.Hour))]);
        var passThrough = allocator.PassThroughTotal;
        if (allocator.Total - passThrough != current.Total)
        {
            // The invariant of step 5, checked on every run: a difference here is a defect, and nothing is written.
            throw new InvalidOperationException($"allocation does not reconcile: lines {allocator.Total}, GPU cost {current.Total}, pass-through {passThrough}");
        }

        // Budgets look at the month the run ends in: its use before this run, then with this run's lines in place.
        var monthStart = new DateTime(range.To.AddTicks(-1).Year, range.To.AddTicks(-1).Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var month = new TimeRange(monthStart, range.To);
        var before = options.Budgets.Count == 0 ? [] : await store.ReadAllocationsAsync(month, cancellationToken).ConfigureAwait(false);
        await store.ReplaceAllocationsAsync(range, allocator.Lines, cancellationToken).ConfigureAwait(false);
        List<BudgetStatus> statuses = [];
        List<BudgetEvent> events = [];
        if (options.Budgets.Count > 0)
        {
            List<CostAllocationLine> after = [.. before.Where(l => !range.Contains(l.Hour)), .. allocator.Lines.Where(l => month.Contains(l.Hour))];
            (statuses, events) = BudgetEvaluator.Evaluate(options, monthStart, range.To, before, after);
            foreach (var e in events)
            {
                metrics?.BudgetEvent(e.Measure.ToString().ToLowerInvariant());
                if (budgetEvents is not null)
                {
                    await budgetEvents.RaiseAsync(e, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return new AllocationResult(
            range, version, allocator.Lines.Count, current.Total, passThrough, allocator.Total, current.Unpriced, current.GapSlots,
            allocator.UncostedRequests, [.. coefficients.Values.OrderBy(c => c.Model, StringComparer.Ordinal)], statuses, events);
    }

    private static void CheckWholeHours(TimeRange range)
    {
        if (range.From.Ticks % TimeSpan.TicksPerHour != 0 || range.To.Ticks % TimeSpan.TicksPerHour != 0 || range.To <= range.From)
        {
            throw new ArgumentException($"an allocation range is whole UTC hours, got [{range.From:O}, {range.To:O})", nameof(range));
        }
    }
}
