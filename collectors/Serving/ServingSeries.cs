using Observability.Ingest.Model;

namespace Observability.Collectors.Serving;

/// <summary>Which part of a histogram a series is.</summary>
internal enum HistogramPart
{
    None,
    Bucket,
    Sum,
    Count,
}

/// <summary>
/// One series of a model server (name + label set), resolved once: its rule, row identity,
/// row target or histogram part, and its counter state across scrapes.
/// </summary>
internal sealed class ServingSeries
{
    public required ServingRule Rule { get; init; }

    public required ServingIdentity Identity { get; init; }

    public ServingTarget? Target { get; init; }

    public HistogramPart Part { get; init; }

    /// <summary>The bucket's upper bound (already scaled), for <see cref="HistogramPart.Bucket"/>.</summary>
    public double UpperBound { get; init; }

    /// <summary>Value read in the scrape in progress.</summary>
    public double Current { get; set; } = double.NaN;

    /// <summary>Value at the last committed scrape (counters and histogram parts).</summary>
    public double Last { get; set; } = double.NaN;

    public long ScrapeId { get; set; }

    /// <summary>The last scrape that reported this series; series unseen for long are swept.</summary>
    public long LastSeen { get; set; }
}
