using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Observability.RemoteWrite.Tests.Support;

/// <summary>Records long-counter measurements of one meter instance, by instrument and tags, through a real MeterListener.</summary>
internal sealed class MeterCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, Dictionary<string, string?> Tags)> _measurements = new();

    public MeterCapture(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
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

    public long Sum(string instrument, params (string Tag, string Value)[] tags) =>
        _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.GetValueOrDefault(t.Tag) == t.Value)).Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();
}
