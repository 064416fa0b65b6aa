namespace Observability.Collectors.Scraping;

/// <summary>How a scrape ended; the value of the <c>outcome</c> tag on the scrape counters.</summary>
public enum ScrapeOutcome
{
    Ok,
    HttpError,
    Timeout,
    ConnectionError,
    UnsupportedContentType,
    BodyTooLarge,
    ParseError,
    LimitExceeded,

    /// <summary>Anything else that went wrong in the scrape; the message says what.</summary>
    Error,
}

public static class ScrapeOutcomeNames
{
    /// <summary>Fixed tag values, allocated once.</summary>
    public static string Of(ScrapeOutcome outcome) => outcome switch
    {
        ScrapeOutcome.Ok => "ok",
        ScrapeOutcome.HttpError => "http_error",
        ScrapeOutcome.Timeout => "timeout",
        ScrapeOutcome.ConnectionError => "connection_error",
        ScrapeOutcome.UnsupportedContentType => "unsupported_content_type",
        ScrapeOutcome.BodyTooLarge => "body_too_large",
        ScrapeOutcome.ParseError => "parse_error",
        ScrapeOutcome.LimitExceeded => "limit_exceeded",
        ScrapeOutcome.Error => "error",
        _ => "unknown",
    };
}
