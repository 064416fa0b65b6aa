namespace Observability.Collectors.Exposition;

/// <summary>A family's declared type. <see cref="Unknown"/> covers Prometheus <c>untyped</c>, OpenMetrics <c>unknown</c> and no TYPE line.</summary>
public enum MetricType : byte
{
    Unknown,
    Counter,
    Gauge,
    Histogram,
    Summary,
    GaugeHistogram,
    StateSet,
    Info,
}
