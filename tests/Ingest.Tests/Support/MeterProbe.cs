using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Observability.Ingest.Tests.Support;

/// <summary>
/// A meter factory plus a listener that only hears the meters it created, so tests running in parallel do not see
/// each other's writers. Sums counters, keeps the last gauge reading and every <c>store</c> tag value seen.
/// </summary>
internal sealed class MeterProbe : IMeterFactory
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentBag<Meter> _meters = [];
    private readonly ConcurrentDictionary<string, long> _totals = new();
    private readonly ConcurrentDictionary<string, long> _gauges = new();

    public MeterProbe()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, this))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            RecordTags(tags);
            if (instrument is ObservableGauge<long>)
            {
                _gauges[instrument.Name] = value;
                return;
            }

            _totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value);
        });
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
        {
            RecordTags(tags);
            _gauges[instrument.Name] = value;
        });
        _listener.Start();
    }

    public ConcurrentDictionary<string, byte> StoreTags { get; } = new();

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        _meters.Add(meter);
        return meter;
    }

    public long Total(string instrument) => _totals.GetValueOrDefault(instrument);

    public long Gauge(string instrument)
    {
        _listener.RecordObservableInstruments();
        return _gauges.GetValueOrDefault(instrument, -1);
    }

    public void Dispose()
    {
        _listener.Dispose();
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }

    private void RecordTags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "store")
            {
                StoreTags[tag.Value?.ToString() ?? "(null)"] = 0;
            }
        }
    }
}
