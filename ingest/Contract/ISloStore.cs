namespace Observability.Ingest.Contract;

/// <summary>
/// What the SLO computation reads and keeps. Counting is done in the store, so a month-long window returns one row
/// per group (or per time bucket) and never the raw request events. Every store implements it with the same answers.
/// </summary>
public interface ISloStore
{
    /// <summary>Total and good events of an indicator in the range, one row per group (one row with group "" when ungrouped).</summary>
    Task<IReadOnlyList<SliCounts>> QuerySliCountsAsync(SliQuery query, TimeRange range, CancellationToken cancellationToken);

    /// <summary>
    /// The same counts per time bucket of <paramref name="bucket"/> (aligned to the Unix epoch), ordered by bucket then
    /// group: timeslice budgeting and monthly reports are built on these. Buckets without events are absent.
    /// </summary>
    Task<IReadOnlyList<SliBucketCounts>> QuerySliSeriesAsync(SliQuery query, TimeRange range, TimeSpan bucket, CancellationToken cancellationToken);

    /// <summary>The distinct bucket layouts (upper bounds, +Inf last) a histogram metric was stored with for the models, ordered.</summary>
    Task<IReadOnlyList<double[]>> QueryHistogramBoundsAsync(string metric, IReadOnlyList<string> models, TimeRange range, CancellationToken cancellationToken);

    /// <summary>Appends computed SLO values; history is kept for reports.</summary>
    Task WriteSloResultsAsync(IReadOnlyList<SloResultRow> rows, CancellationToken cancellationToken);

    /// <summary>Stored SLO values in the range, ordered by time, SLO, group and window.</summary>
    Task<IReadOnlyList<SloResultRow>> ReadSloResultsAsync(TimeRange range, CancellationToken cancellationToken);
}

/// <summary>Where an indicator's events come from.</summary>
public enum SliSource
{
    /// <summary>Per-request events: any threshold, several at once, per tenant.</summary>
    RequestEvents,

    /// <summary>Serving latency histograms: a threshold must be one of the server's bucket bounds.</summary>
    ServingHistograms,

    /// <summary>Serving request counters (succeeded vs failed): availability only.</summary>
    ServingCounters,
}

/// <summary>
/// An indicator as the store evaluates it: which events count (selectors) and which of them are good. For request
/// events a good event meets every condition set; an unset condition is not checked. A latency condition on an event
/// that did not report that latency is not met.
/// </summary>
public sealed record SliQuery
{
    public required SliSource Source { get; init; }

    /// <summary>Models to include; empty means all.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>Deployments to include (request events only); empty means all.</summary>
    public IReadOnlyList<string> Deployments { get; init; } = [];

    /// <summary>Tenants to include (request events only); empty means all.</summary>
    public IReadOnlyList<string> Tenants { get; init; } = [];

    /// <summary>One row per tenant instead of one in total (request events only).</summary>
    public bool GroupByTenant { get; init; }

    /// <summary>Request events: good requires status success.</summary>
    public bool RequireSuccess { get; init; }

    /// <summary>
    /// Request events: only events that reported every latency a condition is set on are counted at all. This is how
    /// a latency indicator counts (a request that never produced a first token has no TTFT to judge); goodput leaves
    /// it false, so such a request counts and is bad.
    /// </summary>
    public bool OnlyMeasured { get; init; }

    public double? MaxTtftSeconds { get; init; }

    public double? MaxInterTokenSeconds { get; init; }

    public double? MaxE2eSeconds { get; init; }

    /// <summary>Serving histograms: the metric, e.g. <c>ttft_seconds</c>.</summary>
    public string? HistogramMetric { get; init; }

    /// <summary>Serving histograms: good observations are those in buckets whose upper bound is at most this.</summary>
    public double? HistogramThreshold { get; init; }
}

/// <summary>Counts of one group over a range. Counts are doubles because histogram and counter increases are.</summary>
public sealed record SliCounts(string Group, double Total, double Good);

/// <summary>Counts of one group in one time bucket starting at <see cref="Start"/> (UTC).</summary>
public sealed record SliBucketCounts(DateTime Start, string Group, double Total, double Good);

/// <summary>
/// One computed value set of an SLO, group and window at one evaluation. <see cref="Window"/> is <c>budget</c> for the
/// SLO's own window (where <see cref="BudgetRemaining"/> is set) or a burn-rate window such as <c>1h</c>.
/// </summary>
public sealed record SloResultRow(
    DateTime Timestamp,
    string Slo,
    string Group,
    string Window,
    double Total,
    double Good,
    double Sli,
    double BurnRate,
    double BudgetRemaining);
