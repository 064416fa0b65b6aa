using System.Diagnostics.Metrics;

namespace Observability.Ingest.Writer;

/// <summary>
/// The meter the writer and the spool report on, with their store's tag: counters are only added to when someone
/// listens (<c>Enabled</c>), so an unobserved component pays nothing.
/// </summary>
internal sealed class StoreMeter : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    public StoreMeter(IMeterFactory? meterFactory, string storeName)
    {
        // A factory owns (and disposes) the meters it creates; a meter made here is ours to dispose.
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(new MeterOptions(BatchingWriterMetrics.MeterName)) ?? new Meter(BatchingWriterMetrics.MeterName);
        StoreTag = new(BatchingWriterMetrics.StoreTag, storeName);
    }

    public KeyValuePair<string, object?> StoreTag { get; }

    public Counter<long> Counter(string name, string unit, string description) => _meter.CreateCounter<long>(name, unit, description);

    public void Gauge<T>(string name, Func<T> value, string unit, string description)
        where T : struct
    {
        var tag = StoreTag;
        _meter.CreateObservableGauge(name, () => new Measurement<T>(value(), tag), unit, description);
    }

    public void Add(Counter<long> counter, long value)
    {
        if (counter.Enabled)
        {
            counter.Add(value, StoreTag);
        }
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
