namespace Observability.RemoteWrite.Implementation;

/// <summary>
/// The series Prometheus adds to every scrape of a target (<c>up</c>, <c>scrape_duration_seconds</c>,
/// <c>scrape_samples_scraped</c> …). They describe the scrape, not the target, so they become its status row rather
/// than samples for the mappers. A sender that does not forward them (the OpenTelemetry Collector, vmagent without
/// them) simply yields no status rows.
/// </summary>
internal sealed class ScrapeReport
{
    private static readonly byte[][] s_others =
    [
        "scrape_samples_post_metric_relabeling"u8.ToArray(), "scrape_series_added"u8.ToArray(), "scrape_timeout_seconds"u8.ToArray(),
        "scrape_sample_limit"u8.ToArray(), "scrape_body_size_bytes"u8.ToArray(),
    ];

    /// <summary>The value of <c>up</c>, null when the sender did not forward it.</summary>
    public double? Up { get; private set; }

    public bool Down => Up is { } up && up != 1;

    public double DurationSeconds { get; private set; } = double.NaN;

    public int? SamplesScraped { get; private set; }

    public static bool IsScrapeSeries(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("up"u8) || (name.StartsWith("scrape_"u8) && (name.SequenceEqual("scrape_duration_seconds"u8) || name.SequenceEqual("scrape_samples_scraped"u8) || IsOther(name)));

    public static ScrapeReport Read(PendingScrape scrape)
    {
        var report = new ScrapeReport();
        var arena = scrape.Arena;
        foreach (var entry in scrape.Entries)
        {
            var name = arena.Slice(entry.NameStart, entry.NameLength);
            if (name.SequenceEqual("up"u8))
            {
                report.Up = entry.Value;
            }
            else if (name.SequenceEqual("scrape_duration_seconds"u8))
            {
                report.DurationSeconds = entry.Value;
            }
            else if (name.SequenceEqual("scrape_samples_scraped"u8) && entry.Value is >= 0 and <= int.MaxValue)
            {
                report.SamplesScraped = (int)entry.Value;
            }
        }

        return report;
    }

    private static bool IsOther(ReadOnlySpan<byte> name)
    {
        foreach (var other in s_others)
        {
            if (name.SequenceEqual(other))
            {
                return true;
            }
        }

        return false;
    }
}
