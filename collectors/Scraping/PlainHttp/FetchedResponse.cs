namespace Observability.Collectors.Scraping.PlainHttp;

/// <summary>
/// What a scrape's GET returned, by either path (<see cref="PlainHttpConnection"/> or HttpClient): the response head,
/// and whether the body was refused for passing the limit. The body itself is in the caller's <see cref="BodyReader"/>.
/// </summary>
internal sealed record FetchedResponse(ResponseHead Head, bool BodyTooLarge);
