namespace Observability.Ingest.Writer;

/// <summary>
/// The writer's instrument names, fixed so dashboards and alerts can rely on them. Every instrument carries one tag,
/// <see cref="StoreTag"/>, the store's <c>Name</c>. Rows are counted as they are accepted (received), written, refused
/// because the buffer was full (rejected) or given up at shutdown with the store failing (dropped), so that
/// received = written + dropped + buffered. In front of a <see cref="Spool.SpoolingStore"/>, written means the store
/// or its disk spool has the rows; the spool's own instruments (<see cref="Spool.SpoolMetrics"/>) say which.
/// </summary>
public static class BatchingWriterMetrics
{
    public const string MeterName = "Observability.Ingest";

    public const string RowsReceived = "ingest.writer.rows.received";

    public const string RowsWritten = "ingest.writer.rows.written";

    public const string RowsRejected = "ingest.writer.rows.rejected";

    public const string RowsDropped = "ingest.writer.rows.dropped";

    /// <summary>Failed write attempts, retries included.</summary>
    public const string WriteErrors = "ingest.writer.write.errors";

    public const string BatchesWritten = "ingest.writer.batches.written";

    /// <summary>Observable gauge: rows held in memory, including a batch being written.</summary>
    public const string RowsBuffered = "ingest.writer.rows.buffered";

    public const string StoreTag = "store";
}
