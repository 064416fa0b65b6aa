using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Observability.Tests.Shared;

/// <summary>Records long-counter measurements of one meter, by instrument and tag value, through a real MeterListener.</summary>
internal sealed class MeterCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, Dictionary<string, string?> Tags)> _measurements = new();

    /// <summary>Every meter of that name: for code that makes its own meter.</summary>
    public MeterCapture(string meterName)
        : this(m => m.Name == meterName)
    {
    }

    /// <summary>That one meter instance: for tests that run several components with same-named meters side by side.</summary>
    public MeterCapture(Meter meter)
        : this(m => ReferenceEquals(m, meter))
    {
    }

    private MeterCapture(Func<Meter, bool> captures)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (captures(instrument.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var dict = new Dictionary<string, string?>();
            foreach (var tag in tags)
            {
                dict[tag.Key] = tag.Value?.ToString();
            }

            _measurements.Enqueue((instrument.Name, value, dict));
        });
        _listener.Start();
    }

    /// <summary>Sum of an instrument's measurements whose tags include every given (name, value) pair.</summary>
    public long Sum(string instrument, params (string Tag, string Value)[] tags) =>
        _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.GetValueOrDefault(t.Tag) == t.Value)).Sum(m => m.Value);

    /// <summary>Asks every observable instrument for its value now; the values are then read like any measurement.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    /// <summary>The most recent measurement of an instrument, or null when it has none.</summary>
    public long? Last(string instrument) =>
        _measurements.Where(m => m.Instrument == instrument).Select(m => (long?)m.Value).LastOrDefault();

    public void Dispose() => _listener.Dispose();
}
