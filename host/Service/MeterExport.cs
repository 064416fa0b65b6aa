using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Prometheus;

namespace Observability.Host.Service;

/// <summary>
/// Publishes the product's own <see cref="Meter"/> instruments (meters named <c>Observability.*</c>)
/// through prometheus-net with Prometheus naming: dots become underscores, counters get
/// <c>_total</c> and the counter type, histograms keep their unit in the name. prometheus-net's
/// generic meter adapter would publish counters as gauges under the meter's name; the pipeline's
/// instruments have fixed tag sets, so each maps cleanly onto one labelled Prometheus metric.
/// </summary>
public sealed class MeterExport : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, Collector> _collectors = new();
    private readonly CollectorRegistry _registry;

    public MeterExport(CollectorRegistry registry)
    {
        _registry = registry;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("Observability.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();

        // Observable gauges are read when Prometheus scrapes, not on a timer.
        registry.AddBeforeCollectCallback(_listener.RecordObservableInstruments);
    }

    /// <summary>Stops prometheus-net's own meter adapter so each instrument is published once, by this export.</summary>
    public static void SuppressDefaultMeterAdapter() =>
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressMeters = true });

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var names = new string[tags.Length];
        var values = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            names[i] = tags[i].Key;
            values[i] = tags[i].Value?.ToString() ?? "";
        }

        var collector = _collectors.GetOrAdd(instrument, i => Create(i, names));
        switch (collector)
        {
            case Counter c: c.WithLabels(values).Inc(value); break;
            case Histogram h: h.WithLabels(values).Observe(value); break;
            case Gauge g when instrument is UpDownCounter<long> or UpDownCounter<int> or UpDownCounter<double>: g.WithLabels(values).Inc(value); break;
            case Gauge g: g.WithLabels(values).Set(value); break;
            default: break;
        }
    }

    private Collector Create(Instrument instrument, string[] labelNames)
    {
        var factory = Metrics.WithCustomRegistry(_registry);
        var name = instrument.Name.Replace('.', '_').Replace('-', '_');
        var help = instrument.Description ?? instrument.Name;
        return instrument switch
        {
            Counter<long> or Counter<int> or Counter<double> => factory.CreateCounter(name + "_total", help, labelNames),
            Histogram<double> when instrument.Unit == "s" => factory.CreateHistogram(name + "_seconds", help, new HistogramConfiguration
            {
                LabelNames = labelNames,
                Buckets = Histogram.ExponentialBuckets(0.001, 2, 16),
            }),
            Histogram<double> or Histogram<long> => factory.CreateHistogram(name, help, labelNames),
            _ => factory.CreateGauge(name, help, labelNames),
        };
    }

    public void Dispose() => _listener.Dispose();
}
