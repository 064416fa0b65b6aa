namespace Observability.Ingest.Model;

/// <summary>
/// The outcome of one scrape, like Prometheus's <c>up</c> series: written for every attempt,
/// successful or not, so that a dead or malformed target is visible in the store.
/// </summary>
public sealed record ScrapeStatus(
    DateTime Timestamp,
    string Target,
    string Job,
    bool Up,
    double DurationSeconds,
    int Samples,
    string Error);
