namespace Observability.Ingest.Model;

/// <summary>
/// A sample no mapper claimed, kept verbatim when the target is configured to keep unmapped series.
/// <see cref="Labels"/> is the canonical text form <c>{a="1",b="2"}</c> with names sorted.
/// </summary>
public sealed record RawSample(DateTime Timestamp, string Target, string Name, string Labels, double Value);
