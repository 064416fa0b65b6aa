using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Observability.Alerts.Tests.Support;

/// <summary>
/// A meter factory plus a listener that hears only the meters it created, so tests running in parallel do not see
/// each other's alerts. Sums counters and keeps the last gauge reading, by instrument and tag values.
/// </summary>
internal sealed class MeterProbe : IMeterFactory
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentBag<Meter> _meters = [];
    private readonly ConcurrentDictionary<string, long> _values = new();

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
            _values.AddOrUpdate(Key(instrument.Name, tags), value, (_, total) => total + value));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => _values[Key(instrument.Name, tags)] = value);
        _listener.Start();
    }

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        _meters.Add(meter);
        return meter;
    }

    /// <summary>A counter's total, or a gauge's last reading, for e.g. <c>alerts.notifications{notifier=webhook,outcome=ok}</c>.</summary>
    public long Value(string key)
    {
        _listener.RecordObservableInstruments();
        return _values.GetValueOrDefault(key);
    }

    public void Dispose()
    {
        _listener.Dispose();
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }

    private static string Key(string name, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>();
        foreach (var tag in tags)
        {
            parts.Add($"{tag.Key}={tag.Value}");
        }

        return $"{name}{{{string.Join(",", parts)}}}";
    }
}
