using Observability.Collectors.Mapping;
using Observability.Ingest.Model;

namespace Observability.Collectors.Dcgm;

/// <summary>
/// Everything the mapper remembers about one GPU (or MIG instance) of one target: the values
/// gathered in the scrape in progress and the last committed counter readings.
/// </summary>
internal sealed class DcgmGpuState
{
    private readonly double[] _current = GpuSample.NewValues();
    private readonly double[] _lastCounters = GpuSample.NewValues();

    public DcgmGpuState(GpuIdentity identity)
    {
        Identity = identity;
    }

    /// <summary>The identity seen in the current scrape (pod labels can change between scrapes).</summary>
    public GpuIdentity Identity { get; private set; }

    /// <summary>The scrape in which this GPU was last touched; 0 = never.</summary>
    public long ScrapeId { get; private set; }

    public void Begin(long scrapeId, GpuIdentity identity)
    {
        ScrapeId = scrapeId;
        Identity = identity;
    }

    public void Set(int field, double value) => _current[field] = value;

    /// <summary>Builds the row of the current scrape: gauges as read, counters as increases; then advances the counters.</summary>
    public double[] Commit(IReadOnlyList<GpuFieldInfo> catalog)
    {
        var values = new double[_current.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var current = _current[i];
            if (catalog[i].Kind == MetricKind.Gauge)
            {
                values[i] = current;
                continue;
            }

            values[i] = CounterMath.Increase(_lastCounters[i], current);
            if (!double.IsNaN(current))
            {
                _lastCounters[i] = current;
            }
        }

        Array.Fill(_current, double.NaN);
        return values;
    }

    /// <summary>Drops the current scrape's readings; counters stay at the last commit.</summary>
    public void Abort()
    {
        Array.Fill(_current, double.NaN);
        ScrapeId = 0;
    }
}
