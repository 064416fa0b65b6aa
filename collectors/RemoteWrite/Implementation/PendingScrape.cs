using Observability.RemoteWrite.Protocol;

namespace Observability.RemoteWrite.Implementation;

/// <summary>One sample waiting for its scrape to be complete: the series it came with (labels are read at mapping), its name and value.</summary>
internal readonly record struct PendingSample(TimeSeries Series, string Name, double Value);

/// <summary>The samples of one target at one timestamp: what one scrape of that target produced, gathered across requests.</summary>
internal sealed class PendingScrape(long timestampMs, long firstArrival)
{
    public long TimestampMs { get; } = timestampMs;

    /// <summary>When its first sample arrived (a <see cref="TimeProvider"/> timestamp): the assembly delay counts from here.</summary>
    public long FirstArrival { get; } = firstArrival;

    public List<PendingSample> Samples { get; } = [];
}
