namespace Observability.Collectors.Scraping;

/// <summary>Reports every problem in a <see cref="ScrapeOptions"/> at once, each naming its option.</summary>
public static class ScrapeOptionsValidator
{
    public static IReadOnlyList<string> Validate(ScrapeOptions o)
    {
        var errors = new List<string>();
        Positive(o.DefaultInterval, "Scrape.DefaultInterval");
        Positive(o.DefaultTimeout, "Scrape.DefaultTimeout");
        Positive(o.FileSdRefreshInterval, "Scrape.FileSdRefreshInterval");
        if (o.MaxConcurrentScrapes < 1) errors.Add($"Scrape.MaxConcurrentScrapes must be at least 1 (got {o.MaxConcurrentScrapes})");
        if (o.MaxBodyBytes < 1024) errors.Add($"Scrape.MaxBodyBytes must be at least 1024 (got {o.MaxBodyBytes})");
        // A body is read into one array; a gibibyte of exposition text is already far beyond any real target.
        if (o.MaxBodyBytes > 1L << 30) errors.Add($"Scrape.MaxBodyBytes must be at most 1073741824 (1 GiB) (got {o.MaxBodyBytes})");
        if (o.MaxSamplesPerScrape < 1) errors.Add($"Scrape.MaxSamplesPerScrape must be at least 1 (got {o.MaxSamplesPerScrape})");
        if (o.MaxLabelCount < 1) errors.Add($"Scrape.MaxLabelCount must be at least 1 (got {o.MaxLabelCount})");
        if (o.MaxLabelLength < 16) errors.Add($"Scrape.MaxLabelLength must be at least 16 (got {o.MaxLabelLength})");
        for (var i = 0; i < o.StaticTargets.Count; i++)
        {
            var t = o.StaticTargets[i];
            var name = $"Scrape.Targets[{i}]";
            if (!t.Url.IsAbsoluteUri || (t.Url.Scheme != Uri.UriSchemeHttp && t.Url.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{name}.Url must be an absolute http(s) URL (got '{t.Url}')");
            }

            if (t.Interval is { } interval) Positive(interval, $"{name}.Interval");
            if (t.Timeout is { } timeout) Positive(timeout, $"{name}.Timeout");
            if (t.Timeout is { } to && (t.Interval ?? o.DefaultInterval) < to)
            {
                errors.Add($"{name}.Timeout ({to}) must not exceed the interval ({t.Interval ?? o.DefaultInterval})");
            }
        }

        return errors;

        void Positive(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero) errors.Add($"{name} must be positive (got {value})");
        }
    }
}
