using Microsoft.Extensions.Logging;

namespace Observability.Ingest.Spool;

/// <summary>The spool's log events, source-generated so a disabled level costs a branch.</summary>
internal static partial class SpoolLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Warning,
        Message = "Writing {Rows} rows to {Store} failed; spooling batches to {Directory} until the store takes them again")]
    public static partial void SpoolingStarted(ILogger logger, Exception exception, int rows, string store, string directory);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information,
        Message = "Spool backlog drained: {Batches} batches ({Rows} rows) replayed into {Store}")]
    public static partial void BacklogDrained(ILogger logger, long batches, long rows, string store);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning,
        Message = "Replaying a spooled batch of {Rows} rows into {Store} failed ({Failures} in a row); next attempt in {Delay}")]
    public static partial void ReplayFailed(ILogger logger, Exception exception, int rows, string store, int failures, TimeSpan delay);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error,
        Message = "Spool {Directory} is full ({Bytes} of {MaxBytes} bytes): a batch of {Rows} rows is refused and stays in the writer's memory; producers will be slowed or refused until the store drains the spool")]
    public static partial void Full(ILogger logger, string directory, long bytes, long maxBytes, int rows);

    [LoggerMessage(EventId = 105, Level = LogLevel.Error,
        Message = "Spool record in {Segment} at byte {Offset} is damaged and skipped, never replayed: {Reason}")]
    public static partial void CorruptRecord(ILogger logger, string segment, long offset, string reason);

    [LoggerMessage(EventId = 106, Level = LogLevel.Information,
        Message = "Spool {Directory} opened with {Batches} unacknowledged batches ({Bytes} bytes) to replay")]
    public static partial void Reopened(ILogger logger, string directory, int batches, long bytes);

    [LoggerMessage(EventId = 107, Level = LogLevel.Warning,
        Message = "Spool acknowledgement cursor {Path} is unreadable ({Reason}); replaying every spooled record (the store skips batches it already holds)")]
    public static partial void CursorUnreadable(ILogger logger, string path, string reason);
}
