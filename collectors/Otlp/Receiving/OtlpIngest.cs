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

    public OtlpIngest(OtlpOptions options, BatchingWriter writer, OtlpMetrics metrics, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(time);
        OtlpOptionsValidator.ThrowIfInvalid(options);
        Options = options;
        Metrics = metrics;
        _writer = writer;
        _spans = new SpanMapper(options, time);
        _metrics = new MetricMapper(options, time);
    }

    public OtlpOptions Options { get; }

    public OtlpMetrics Metrics { get; }

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
                return ExportResult.Busy($"the writer is saturated ({_writer.BufferedRows} rows buffered); retry later");
            }

            Metrics.SpansMapped(mapping.Events.Count, mapping.UnknownTenant);
        }

        return new ExportResult(false, mapping.Rejections.Count, mapping.Rejections.Message);
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
                return ExportResult.Busy($"the writer is saturated ({_writer.BufferedRows} rows buffered); retry later");
            }

            Metrics.PointsStored(mapping.Stored);
        }

        return new ExportResult(false, mapping.Rejections.Count, mapping.Rejections.Message);
    }
}
