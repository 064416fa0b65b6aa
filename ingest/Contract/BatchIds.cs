namespace Observability.Ingest.Contract;

/// <summary>
/// Makes <see cref="RowBatch.BatchId"/> values: UUIDv7 in 32 hex digits, unique across processes and restarts, and
/// ordered by creation time, which keeps a store's ledger of ids append-friendly.
/// </summary>
public static class BatchIds
{
    public static string New(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
    }
}
