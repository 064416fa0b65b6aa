namespace Observability.Ingest.Contract;

/// <summary>A half-open UTC interval [From, To).</summary>
public readonly record struct TimeRange(DateTime From, DateTime To)
{
    public static TimeRange All => new(DateTime.UnixEpoch, new DateTime(9999, 1, 1, 0, 0, 0, DateTimeKind.Utc));

    public bool Contains(DateTime t) => t >= From && t < To;
}
