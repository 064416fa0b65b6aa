using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Collectors.Otlp.Mapping;
using Observability.Collectors.Otlp.Protocol;
using Observability.Ingest.Contract;
using Observability.Ingest.Writer;

namespace Observability.Collectors.Otlp.Receiving;

/// <summary>
/// The transport-independent half of the receiver: maps a decoded export, hands its rows to the writer without
/// waiting (<see cref="BatchingWriter.TryEnqueue"/>: a receiver must never slow the scrape loops that share the
/// writer), counts everything, and says what to answer. HTTP and gRPC both call it.
/// </summary>
public sealed class OtlpIngest
{
    private readonly BatchingWriter _writer;
    private readonly SpanMapper _spans;
    private readonly MetricMapper _metrics;

    public OtlpIngest(OtlpOptions options, BatchingWriter writer, OtlpMetrics metrics, TimeProvider time, ILogger<OtlpIngest>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(time);
        OtlpOptionsValidator.ThrowIfInvalid(options);
        Options = options;
        Metrics = metrics;
        Logger = logger ?? (ILogger)NullLogger.Instance;
        _writer = writer;
        _spans = new SpanMapper(options, time);
        _metrics = new MetricMapper(options, time);
    }

    public OtlpOptions Options { get; }

    public OtlpMetrics Metrics { get; }

    internal ILogger Logger { get; }

    internal ExportResult ExportTraces(ExportTraceServiceRequest request)
    {
        var mapping = _spans.Map(request);
        Metrics.SpansReceived(mapping.Received);
        foreach (var (reason, count) in mapping.Ignored)
        {
            Metrics.SpansIgnored(reason, count);
        }

        foreach (var (reason, count) in mapping.Rejections.ByReason)
        {
            Metrics.SpansRejected(reason, count);
        }

        if (mapping.Events.Count > 0)
        {
            var batch = new RowBatch();
            batch.RequestEvents.AddRange(mapping.Events);
            if (!_writer.TryEnqueue(batch))
            {
                Metrics.SpansRejected("writer_saturated", mapping.Events.Count);
                return Busy("traces");
            }

            Metrics.SpansMapped(mapping.Events.Count, mapping.UnknownTenant);
        }

        return Accepted("traces", mapping.Rejections);
    }

    internal ExportResult ExportMetrics(ExportMetricsServiceRequest request)
    {
        var mapping = _metrics.Map(request);
        Metrics.PointsReceived(mapping.Received);
        foreach (var (reason, count) in mapping.Rejections.ByReason)
        {
            Metrics.PointsRejected(reason, count);
        }

        foreach (var (reason, count) in mapping.Skipped)
        {
            Metrics.PointsSkipped(reason, count);
        }

        Metrics.CumulativeSeriesForgotten(mapping.ForgottenSeries);

        if (!mapping.Rows.IsEmpty)
        {
            if (!_writer.TryEnqueue(mapping.Rows))
            {
                Metrics.PointsRejected("writer_saturated", mapping.Stored);
                return Busy("metrics");
            }

            Metrics.PointsStored(mapping.Stored);
        }

        return Accepted("metrics", mapping.Rejections);
    }

    private ExportResult Busy(string signal)
    {
        var buffered = _writer.BufferedRows;
        OtlpLog.Saturated(Logger, signal, buffered);
        return ExportResult.Busy($"the writer is saturated ({buffered} rows buffered); retry later");
    }

    private ExportResult Accepted(string signal, Rejections rejections)
    {
        if (rejections.Count > 0 && Logger.IsEnabled(LogLevel.Debug))
        {
            OtlpLog.PartlyRejected(Logger, signal, rejections.Count, rejections.Message);
        }

        return new ExportResult(false, rejections.Count, rejections.Message);
    }
}
