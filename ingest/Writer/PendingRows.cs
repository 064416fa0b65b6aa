using Observability.Ingest.Contract;

namespace Observability.Ingest.Writer;

/// <summary>
/// The batches waiting to be written, oldest first, each with the timestamp it arrived at. Not thread-safe: the
/// writer holds its lock around every call.
/// </summary>
internal sealed class PendingRows
{
    private readonly LinkedList<(RowBatch Batch, long EnqueuedAt)> _batches = new();

    public int Rows { get; private set; }

    public bool IsEmpty => _batches.Count == 0;

    /// <summary>When the oldest waiting row arrived (a <see cref="TimeProvider"/> timestamp); the flush interval counts from it.</summary>
    public long OldestEnqueuedAt => _batches.First!.Value.EnqueuedAt;

    public void Add(RowBatch batch, long enqueuedAt)
    {
        _batches.AddLast((batch, enqueuedAt));
        Rows += batch.RowCount;
    }

    /// <summary>
    /// Takes the oldest batches whose rows together stay within <paramref name="maxRows"/>, merged into one; always at
    /// least one batch, so a batch larger than the limit is written on its own rather than split. A batch that already
    /// has an id (one the store may hold, from a failed cycle) is never merged: under a new id its rows could be stored twice.
    /// </summary>
    public (RowBatch Batch, long EnqueuedAt) Take(int maxRows)
    {
        var (first, enqueuedAt) = _batches.First!.Value;
        _batches.RemoveFirst();
        var taken = first.RowCount;
        if (first.BatchId is not null || _batches.Count == 0 || !CanMerge(_batches.First!.Value.Batch, taken, maxRows))
        {
            Rows -= taken;
            return (first, enqueuedAt);
        }

        var merged = new RowBatch();
        merged.AddRange(first);
        while (_batches.Count > 0 && CanMerge(_batches.First!.Value.Batch, taken, maxRows))
        {
            var next = _batches.First.Value.Batch;
            _batches.RemoveFirst();
            merged.AddRange(next);
            taken += next.RowCount;
        }

        Rows -= taken;
        return (merged, enqueuedAt);
    }

    private static bool CanMerge(RowBatch next, int taken, int maxRows) => next.BatchId is null && taken + next.RowCount <= maxRows;

    /// <summary>Puts a batch that could not be written back at the head, so rows keep their order.</summary>
    public void ReturnToFront(RowBatch batch, long enqueuedAt)
    {
        _batches.AddFirst((batch, enqueuedAt));
        Rows += batch.RowCount;
    }

    /// <summary>Empties the queue and returns how many rows it held.</summary>
    public int Clear()
    {
        var rows = Rows;
        _batches.Clear();
        Rows = 0;
        return rows;
    }
}
