namespace Observability.Ingest.Model;

/// <summary>How a wide-row column is derived from its source series.</summary>
public enum MetricKind
{
    /// <summary>The sample's value as scraped.</summary>
    Gauge,

    /// <summary>A counter turned into its increase since the previous scrape (reset-aware; null on the first scrape).</summary>
    Increase,
}
