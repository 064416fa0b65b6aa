using Observability.Ingest.Contract;

namespace Observability.Analytics.Cost;

/// <summary>
/// What one allocation run did. <see cref="Charged"/> is the sum of every line written and equals
/// <see cref="GpuCost"/> plus <see cref="PassThroughCost"/> exactly (the run fails otherwise).
/// </summary>
public sealed record AllocationResult(
    TimeRange Range,
    int PriceBookVersion,
    int Lines,
    decimal GpuCost,
    decimal PassThroughCost,
    decimal Charged,
    IReadOnlyList<UnpricedGpuHour> Unpriced,
    long GapSlots,
    long UncostedRequests,
    IReadOnlyList<GpuTimeCoefficients> Coefficients,
    IReadOnlyList<BudgetStatus> Budgets,
    IReadOnlyList<BudgetEvent> BudgetEvents);
