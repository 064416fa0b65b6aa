namespace Observability.RemoteWrite.Implementation;

/// <summary>
/// The series Prometheus adds to every scrape of a target (<c>up</c>, <c>scrape_duration_seconds</c>,
/// <c>scrape_samples_scraped</c> …). They describe the scrape, not the target, so they become its status row rather
/// than samples for the mappers. A sender that does not forward them (vmagent without them, the OpenTelemetry
/// Collector) simply yields no status rows.
/// </summary>
internal sealed class ScrapeReport
{
    private static readonly HashSet<string> s_names = new(StringComparer.Ordinal)
    {
        "up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling",
        "scrape_series_added", "scrape_timeout_seconds", "scrape_sample_limit", "scrape_body_size_bytes",
    };

    public static bool IsScrapeSeries(string name) => s_names.Contains(name);

    /// <summary>The value of <c>up</c>, null when the sender did not forward it.</summary>
    public double? Up { get; private set; }

    public bool Down => Up is { } up && up != 1;

    public double DurationSeconds { get; private set; } = double.NaN;

    public int? SamplesScraped { get; private set; }

    public static ScrapeReport Read(List<PendingSample> samples)
    {
        var report = new ScrapeReport();
        foreach (var s in samples)
        {
            switch (s.Name)
            {
                case "up": report.Up = s.Value; break;
                case "scrape_duration_seconds": report.DurationSeconds = s.Value; break;
                case "scrape_samples_scraped" when s.Value is >= 0 and <= int.MaxValue: report.SamplesScraped = (int)s.Value; break;
                default: break;
            }
        }

        return report;
    }
}
