namespace Observability.Ingest.Spool;

/// <summary>
/// The spool's instrument names, on the writer's meter (<c>Observability.Ingest</c>) and with its <c>store</c> tag.
/// Batches are counted as they are spooled (store write failed, or a backlog was waiting) and as they are replayed
/// into the store. Within one run, what the spool held at start plus what was spooled equals what was replayed, skipped
/// as corrupt, and is still spooled (<see cref="SizeBatches"/>).
/// </summary>
public static class SpoolMetrics
{
    public const string BatchesSpooled = "ingest.spool.batches.spooled";

    public const string RowsSpooled = "ingest.spool.rows.spooled";

    public const string BytesSpooled = "ingest.spool.bytes.spooled";

    public const string BatchesReplayed = "ingest.spool.batches.replayed";

    public const string RowsReplayed = "ingest.spool.rows.replayed";

    /// <summary>Failed attempts to write the oldest spooled batch to the store.</summary>
    public const string ReplayErrors = "ingest.spool.replay.errors";

    /// <summary>Store writes refused because the batch did not fit in the spool (each refused attempt).</summary>
    public const string FullRejections = "ingest.spool.full.rejections";

    /// <summary>Records found damaged (checksum, torn tail, unreadable payload), reported and skipped, never replayed.</summary>
    public const string CorruptRecords = "ingest.spool.records.corrupt";

    /// <summary>Observable gauge: bytes of segment files on disk.</summary>
    public const string SizeBytes = "ingest.spool.size.bytes";

    /// <summary>Observable gauge: batches spooled and not yet acknowledged by the store.</summary>
    public const string SizeBatches = "ingest.spool.size.batches";
}
