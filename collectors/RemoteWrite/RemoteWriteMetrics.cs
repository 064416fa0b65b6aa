using System.Diagnostics.Metrics;

namespace Observability.RemoteWrite;

/// <summary>
/// The intake's own telemetry under fixed names: requests by outcome, series and samples received, samples dropped
/// by reason, samples no mapper understood, scrapes assembled, rows produced and rows the writer refused.
/// </summary>
public sealed class RemoteWriteMetrics : IDisposable
{
    public const string MeterName = "Observability.RemoteWrite";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _requests;
    private readonly Counter<long> _series;
    private readonly Counter<long> _samples;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _unmapped;
    private readonly Counter<long> _scrapes;
    private readonly Counter<long> _rows;
    private readonly Counter<long> _refused;

    public RemoteWriteMetrics(Func<long>? pendingSamples = null)
    {
        _requests = _meter.CreateCounter<long>("obs_remote_write_requests", description: "remote_write requests by outcome (ok, bad_request, unsupported_media_type, too_large, saturated).");
        _series = _meter.CreateCounter<long>("obs_remote_write_series", description: "Series received in decoded requests.");
        _samples = _meter.CreateCounter<long>("obs_remote_write_samples", description: "Samples received in decoded requests.");
        _dropped = _meter.CreateCounter<long>("obs_remote_write_samples_dropped", description: "Samples not mapped, by reason (late, future, invalid_series, stale_marker, native_histogram, mapping_error).");
        _unmapped = _meter.CreateCounter<long>("obs_remote_write_samples_unmapped", description: "Samples no mapper understood (kept raw or dropped by configuration).");
        _scrapes = _meter.CreateCounter<long>("obs_remote_write_scrapes", description: "Target scrapes assembled from remote_write samples and mapped.");
        _rows = _meter.CreateCounter<long>("obs_remote_write_rows", description: "Domain rows produced from remote_write samples.");
        _refused = _meter.CreateCounter<long>("obs_remote_write_rows_refused", description: "Row hand-offs the writer refused (held and retried; each refusal counted once per batch row).");
        if (pendingSamples is not null)
        {
            _meter.CreateObservableGauge("obs_remote_write_samples_pending", pendingSamples, description: "Samples held while their scrapes are assembled.");
        }
    }

    /// <summary>The meter itself, for listeners that must tell this instance from others in the process.</summary>
    internal Meter Meter => _meter;

    public void Request(string outcome) => _requests.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Received(int series, int samples)
    {
        _series.Add(series);
        _samples.Add(samples);
    }

    public void Dropped(string reason, long samples)
    {
        if (samples > 0)
        {
            _dropped.Add(samples, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    public void Mapped(int unmapped, int rows)
    {
        _scrapes.Add(1);
        _unmapped.Add(unmapped);
        _rows.Add(rows);
    }

    public void Refused(int rows) => _refused.Add(rows);

    public void Dispose() => _meter.Dispose();
}

/// <summary>Outcome tag values of <c>obs_remote_write_requests</c>.</summary>
public static class RemoteWriteOutcomes
{
    public const string Ok = "ok";
    public const string BadRequest = "bad_request";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string TooLarge = "too_large";
    public const string Saturated = "saturated";
}

/// <summary>Reason tag values of <c>obs_remote_write_samples_dropped</c>.</summary>
public static class DropReasons
{
    public const string Late = "late";
    public const string Future = "future";
    public const string InvalidSeries = "invalid_series";
    public const string StaleMarker = "stale_marker";
    public const string NativeHistogram = "native_histogram";
    public const string MappingError = "mapping_error";
}
