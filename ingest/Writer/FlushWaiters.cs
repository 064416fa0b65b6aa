namespace Observability.Ingest.Writer;

/// <summary>
/// Callers of <see cref="BatchingWriter.FlushAsync"/>, each waiting until the running total of settled rows reaches the
/// running total of accepted rows at the time of its call. Rows are written in arrival order, so reaching the total
/// means every row of the caller's was written. Not thread-safe: the writer holds its lock around every call.
/// </summary>
internal sealed class FlushWaiters
{
    private readonly List<(long Target, TaskCompletionSource Done)> _waiters = [];

    public bool Any => _waiters.Count > 0;

    public Task Add(long target)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Add((target, done));
        return done.Task;
    }

    public void Complete(long settledRows) =>
        _waiters.RemoveAll(w => w.Target <= settledRows && w.Done.TrySetResult());

    public void Fail(Exception failure)
    {
        foreach (var (_, done) in _waiters)
        {
            done.TrySetException(failure);
        }

        _waiters.Clear();
    }
}
