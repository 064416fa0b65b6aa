namespace Observability.Collectors.Exposition;

/// <summary>Content negotiation for scrapes: what to ask for, and how to read what came back.</summary>
public static class ExpositionFormats
{
    /// <summary>
    /// The Accept header Prometheus sends: OpenMetrics 1.0.0, then 0.0.1, then text 0.0.4, then anything
    /// (a target that ignores negotiation still answers, and <see cref="FromContentType"/> decides).
    /// </summary>
    public const string AcceptHeader =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75," +
        "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    /// <summary>
    /// The format of a response with this Content-Type: OpenMetrics for <c>application/openmetrics-text</c>,
    /// Prometheus text for <c>text/plain</c> or a missing header (as Prometheus assumes), null for anything else.
    /// </summary>
    public static ExpositionFormat? FromContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return ExpositionFormat.PrometheusText;
        }

        var span = contentType.AsSpan();
        var semicolon = span.IndexOf(';');
        var mediaType = (semicolon >= 0 ? span[..semicolon] : span).Trim();
        if (mediaType.Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase))
        {
            return ExpositionFormat.OpenMetrics;
        }

        return mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase) ? ExpositionFormat.PrometheusText : null;
    }
}
