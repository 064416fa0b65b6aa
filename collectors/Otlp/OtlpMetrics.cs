using System.Diagnostics.Metrics;

namespace Observability.Collectors.Otlp;

/// <summary>
/// The receiver's own telemetry under fixed names: exports by signal, transport and outcome; spans received, mapped
/// to request events, ignored (not gateway requests) and rejected by reason; requests attributed to the unknown
/// tenant; metric points received, stored and rejected by reason.
/// </summary>
public sealed class OtlpMetrics : IDisposable
{
    public const string MeterName = "Observability.Otlp";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _exports;
    private readonly Counter<long> _spansReceived;
    private readonly Counter<long> _spansMapped;
    private readonly Counter<long> _spansIgnored;
    private readonly Counter<long> _spansRejected;
    private readonly Counter<long> _unknownTenant;
    private readonly Counter<long> _pointsReceived;
    private readonly Counter<long> _pointsStored;
    private readonly Counter<long> _pointsRejected;
    private readonly Counter<long> _pointsSkipped;
    private readonly Counter<long> _seriesForgotten;
    private long _exportsTotal;
    private long _spansReceivedTotal;
    private long _spansMappedTotal;
    private long _spansRejectedTotal;
    private long _unknownTenantTotal;
    private long _pointsStoredTotal;

    public OtlpMetrics()
    {
        _exports = _meter.CreateCounter<long>("obs_otlp_exports", description: "OTLP export requests by signal, transport and outcome.");
        _spansReceived = _meter.CreateCounter<long>("obs_otlp_spans_received", description: "Spans in decoded OTLP trace exports.");
        _spansMapped = _meter.CreateCounter<long>("obs_otlp_spans_mapped", description: "Spans that became request events and were accepted by the writer.");
        _spansIgnored = _meter.CreateCounter<long>("obs_otlp_spans_ignored", description: "Valid spans that do not describe a gateway request (kind or attributes), by reason.");
        _spansRejected = _meter.CreateCounter<long>("obs_otlp_spans_rejected", description: "Spans rejected, by reason (invalid values, timestamps, writer saturated).");
        _unknownTenant = _meter.CreateCounter<long>("obs_otlp_requests_unknown_tenant", description: "Request events without a tenant attribute, stored under the unknown tenant.");
        _pointsReceived = _meter.CreateCounter<long>("obs_otlp_metric_points_received", description: "Data points in decoded OTLP metric exports.");
        _pointsStored = _meter.CreateCounter<long>("obs_otlp_metric_points_stored", description: "Data points that became rows accepted by the writer.");
        _pointsRejected = _meter.CreateCounter<long>("obs_otlp_metric_points_rejected", description: "Data points rejected (reported to the client as partial success, or refused with a retryable answer), by reason.");
        _seriesForgotten = _meter.CreateCounter<long>("obs_otlp_cumulative_series_forgotten", description: "Cumulative series whose last point was forgotten because the state was full; their next point is a new baseline.");
        _pointsSkipped = _meter.CreateCounter<long>("obs_otlp_metric_points_skipped", description: "Valid data points that yield no row: no recorded value, or the first point of a cumulative series (the baseline for increases).");
    }

    /// <summary>Spans turned into stored request events since start (for progress displays and tests).</summary>
    public long MappedSpans => Interlocked.Read(ref _spansMappedTotal);

    /// <summary>Export requests answered since start, whatever the outcome.</summary>
    public long Exports => Interlocked.Read(ref _exportsTotal);

    public long ReceivedSpans => Interlocked.Read(ref _spansReceivedTotal);

    public long RejectedSpans => Interlocked.Read(ref _spansRejectedTotal);

    public long UnknownTenantRequests => Interlocked.Read(ref _unknownTenantTotal);

    public long StoredPoints => Interlocked.Read(ref _pointsStoredTotal);

    public void Export(string signal, string transport, string outcome)
    {
        Interlocked.Increment(ref _exportsTotal);
        _exports.Add(1, new("signal", signal), new("transport", transport), new("outcome", outcome));
    }

    public void SpansReceived(int count)
    {
        Interlocked.Add(ref _spansReceivedTotal, count);
        _spansReceived.Add(count);
    }

    public void SpansMapped(int count, int unknownTenant)
    {
        Interlocked.Add(ref _spansMappedTotal, count);
        Interlocked.Add(ref _unknownTenantTotal, unknownTenant);
        _spansMapped.Add(count);
        _unknownTenant.Add(unknownTenant);
    }

    public void SpansIgnored(string reason, int count) => _spansIgnored.Add(count, new KeyValuePair<string, object?>("reason", reason));

    public void SpansRejected(string reason, int count)
    {
        Interlocked.Add(ref _spansRejectedTotal, count);
        _spansRejected.Add(count, new KeyValuePair<string, object?>("reason", reason));
    }

    public void PointsReceived(int count) => _pointsReceived.Add(count);

    public void PointsStored(int count)
    {
        Interlocked.Add(ref _pointsStoredTotal, count);
        _pointsStored.Add(count);
    }

    public void PointsRejected(string reason, int count) => _pointsRejected.Add(count, new KeyValuePair<string, object?>("reason", reason));

    public void PointsSkipped(string reason, int count) => _pointsSkipped.Add(count, new KeyValuePair<string, object?>("reason", reason));

    public void CumulativeSeriesForgotten(int count)
    {
        if (count > 0)
        {
            _seriesForgotten.Add(count);
        }
    }

    public void Dispose() => _meter.Dispose();
}
