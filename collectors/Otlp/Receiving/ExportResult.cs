namespace Observability.Collectors.Otlp.Receiving;

/// <summary>
/// What became of one export: accepted (possibly with some items rejected, reported as OTLP partial success) or refused
/// whole because the writer is saturated, in which case the client should retry after <see cref="OtlpOptions.RetryAfter"/>.
/// </summary>
internal readonly record struct ExportResult(bool Saturated, long Rejected, string Message)
{
    public static ExportResult Busy(string message) => new(true, 0, message);
}
