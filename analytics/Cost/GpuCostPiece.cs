namespace Observability.Analytics.Cost;

/// <summary>
/// A piece of one GPU's cost in one hour, bound for one deployment (or for the idle line when <see cref="Deployment"/>
/// is null: a GPU, or the unassigned slices of a MIG GPU, with no pod). <see cref="BusyGpuHours"/> is the GPU-hours
/// times utilization, NaN when the GPU reported no utilization.
/// </summary>
public sealed record GpuCostPiece(DateTime Hour, DeploymentKey? Deployment, decimal Cost, double GpuHours, double BusyGpuHours, int PriceBookVersion);

/// <summary>GPU time that could not be priced: its modelName has no SKU, or its SKU no price yet. Reported, never charged silently.</summary>
public sealed record UnpricedGpuHour(DateTime Hour, string Uuid, string ModelName, double GpuHours, string Reason);
