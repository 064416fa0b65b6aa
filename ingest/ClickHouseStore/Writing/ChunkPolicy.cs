namespace Observability.ClickHouseStore.Writing;

/// <summary>
/// How many rows go in one INSERT. At most <see cref="MaxRows"/> (one block, so one part); and a month with many rows
/// is cut into up to <see cref="Parallelism"/> chunks of at least <see cref="MinRowsPerParallelChunk"/> rows, sent at
/// once, because the server stores each INSERT on one thread and is the slower side. Small batches (a
/// collector's usual ones) stay one INSERT per table and month, so they do not multiply parts.
/// </summary>
internal sealed record ChunkPolicy(int MaxRows, int Parallelism)
{
    public const int MinRowsPerParallelChunk = 131_072;

    public int RowsPerChunk(int monthRows)
    {
        var share = (monthRows + Parallelism - 1) / Parallelism;
        return Math.Min(MaxRows, Math.Max(MinRowsPerParallelChunk, share));
    }
}
