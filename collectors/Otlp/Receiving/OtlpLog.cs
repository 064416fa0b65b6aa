using Microsoft.Extensions.Logging;

namespace Observability.Collectors.Otlp.Receiving;

/// <summary>The receiver's log lines. Refusals are counted in <see cref="OtlpMetrics"/> too; logs say why.</summary>
internal static partial class OtlpLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "OTLP {Signal} export refused: the writer is saturated ({BufferedRows} rows buffered); the client was told to retry")]
    public static partial void Saturated(ILogger logger, string signal, int bufferedRows);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "OTLP {Signal} export over {Transport} refused: {Reason}")]
    public static partial void Refused(ILogger logger, string signal, string transport, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "OTLP {Signal} export: {Rejected} item(s) rejected: {Reasons}")]
    public static partial void PartlyRejected(ILogger logger, string signal, long rejected, string reasons);
}
