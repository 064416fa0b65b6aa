namespace Observability.Ingest.Spool;

/// <summary>Options of the <see cref="SpoolingStore"/>. Checked by <see cref="SpoolOptionsValidator"/>.</summary>
public sealed class SpoolOptions
{
    /// <summary>The spool's directory, created when missing. One process at a time. Required.</summary>
    public string Directory { get; init; } = "";

    /// <summary>
    /// Bound of the segment files on disk together. When a batch does not fit, the write is refused with a
    /// <see cref="SpoolFullException"/> and the writer keeps its rows in memory. Default 1 GiB.
    /// </summary>
    public long MaxBytes { get; init; } = 1L << 30;

    /// <summary>
    /// A segment is closed and a new one started past this size; a segment is deleted once every record in it is
    /// acknowledged, so this is also the granularity at which disk space comes back. Default 64 MiB.
    /// </summary>
    public long MaxSegmentBytes { get; init; } = 64L << 20;

    /// <summary>
    /// Flush every appended record to the disk (fsync) before the write returns, so a machine crash loses nothing the
    /// writer considered written. Off only trades that guarantee for speed (a process crash still loses nothing). Default on.
    /// </summary>
    public bool SyncOnAppend { get; init; } = true;

    /// <summary>Wait after the first failed replay; it doubles after each further failure. Default 200 ms.</summary>
    public TimeSpan InitialReplayDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Cap of the doubling replay wait: how long a recovered store may wait for the backlog to resume. Default 10 s.</summary>
    public TimeSpan MaxReplayDelay { get; init; } = TimeSpan.FromSeconds(10);
}
