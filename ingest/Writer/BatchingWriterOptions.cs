namespace Observability.Ingest.Writer;

/// <summary>Options of the <see cref="BatchingWriter"/>. Checked by <see cref="BatchingWriterOptionsValidator"/>.</summary>
public sealed class BatchingWriterOptions
{
    /// <summary>Rows per store write; reaching it triggers a write. Default 10,000.</summary>
    public int MaxBatchRows { get; init; } = 10_000;

    /// <summary>
    /// Rows held in memory, including a batch being written or retried. When full, <see cref="BatchingWriter.TryEnqueue"/>
    /// refuses (and counts) new rows. Must be at least <see cref="MaxBatchRows"/>. Default 200,000.
    /// </summary>
    public int MaxBufferedRows { get; init; } = 200_000;

    /// <summary>The longest a row waits for its batch to fill, counted from the first buffered row. Default 1 s.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts per write cycle, the first included, before the cycle is given up and its rows kept for later. Default 5.</summary>
    public int MaxWriteAttempts { get; init; } = 5;

    /// <summary>Wait after the first failed attempt; it doubles after each further failure. Default 200 ms.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Cap of the doubling retry wait, and the pause after a cycle has used all its attempts before size or time
    /// triggers may start the next one (a flush or shutdown starts one at once). Default 10 s.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(10);
}
