using Microsoft.Extensions.Logging;

namespace Observability.Ingest.Writer;

/// <summary>The writer's log events, source-generated so a disabled level costs a branch.</summary>
internal static partial class WriterLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Writing {Rows} rows to {Store} failed (attempt {Attempt} of {MaxAttempts}); retrying in {Delay}")]
    public static partial void WriteRetrying(ILogger logger, Exception exception, int rows, string store, int attempt, int maxAttempts, TimeSpan delay);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error,
        Message = "Writing {Rows} rows to {Store} failed {Attempts} times; the rows stay buffered and the next cycle starts in {Pause} or on flush")]
    public static partial void WriteCycleFailed(ILogger logger, Exception exception, int rows, string store, int attempts, TimeSpan pause);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error,
        Message = "Stopping while {Store} fails: {Rows} buffered rows could not be written and are dropped")]
    public static partial void RowsDropped(ILogger logger, Exception exception, int rows, string store);
}
