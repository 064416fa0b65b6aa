using Google.Protobuf.Collections;
using Observability.Collectors.Otlp.Protocol;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.Collectors.Otlp.Mapping;

/// <summary>
/// Turns OTLP metrics into rows (the README's "OTLP metrics" table):
/// histograms and exponential histograms become <see cref="ServingHistogram"/> rows under their own bounds, named by the
/// metric, with the point's attributes in the target and the identity (model, pod, namespace, node, cluster, tenant
/// hint) read from resource and point attributes; sums, gauges and summaries become raw samples labelled with every
/// resource and point attribute. GenAI token and request metrics also fill the matching serving-row fields
/// (<see cref="ServingFieldRules"/>). Cumulative monotonic sums and cumulative histograms are stored as increases
/// (<see cref="CumulativeState"/>); delta points are increases already. A point with an impossible value or timestamp
/// is rejected alone and counted.
/// </summary>
internal sealed class MetricMapper(OtlpOptions options, TimeProvider time)
{
    private const uint NoRecordedValue = 1;
    private readonly AttributeScanner _scanner = new(options);
    private readonly CumulativeState _state = new(options.MaxCumulativeSeries, UnixNanos.From(time.GetUtcNow()));

    public MetricMapping Map(ExportMetricsServiceRequest request)
    {
        var result = new MetricMapping();
        var latest = UnixNanos.From(time.GetUtcNow() + options.MaxFutureSkew);
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var resourceAttributes = resourceMetrics.Resource?.Attributes;
            var resource = SpanFacts.Empty();
            if (resourceAttributes is not null)
            {
                _scanner.Scan(resourceAttributes, ref resource);
            }

            var context = new ResourceContext(resourceAttributes, resource, "otlp:" + (resource.ServiceName ?? "unknown_service"), latest);
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                foreach (var metric in scopeMetrics.Metrics)
                {
                    MapMetric(metric, context, result);
                }
            }
        }

        return result;
    }

    private void MapMetric(Metric metric, ResourceContext context, MetricMapping result)
    {
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                foreach (var p in metric.Gauge.DataPoints)
                {
                    Number(metric.Name, p, cumulativeIncrease: false, context, result);
                }

                break;
            case Metric.DataOneofCase.Sum:
                var increase = metric.Sum.IsMonotonic && metric.Sum.AggregationTemporality == AggregationTemporality.Cumulative;
                var servingField = metric.Sum.IsMonotonic ? ServingFieldRules.ForSum(metric.Name) : null;
                foreach (var p in metric.Sum.DataPoints)
                {
                    Number(metric.Name, p, increase, context, result, servingField);
                }

                break;
            case Metric.DataOneofCase.Histogram:
                var cumulative = metric.Histogram.AggregationTemporality == AggregationTemporality.Cumulative;
                foreach (var p in metric.Histogram.DataPoints)
                {
                    ExplicitHistogram(metric.Name, p, cumulative, context, result);
                }

                break;
            case Metric.DataOneofCase.ExponentialHistogram:
                var cumulativeExp = metric.ExponentialHistogram.AggregationTemporality == AggregationTemporality.Cumulative;
                foreach (var p in metric.ExponentialHistogram.DataPoints)
                {
                    ExponentialHistogram(metric.Name, p, cumulativeExp, context, result);
                }

                break;
            case Metric.DataOneofCase.Summary:
                foreach (var p in metric.Summary.DataPoints)
                {
                    Summary(metric.Name, p, context, result);
                }

                break;
            default:
                result.Rejections.Add("no_data", $"metric '{metric.Name}' carries no data");
                break;
        }
    }

    private void Number(string name, NumberDataPoint p, bool cumulativeIncrease, ResourceContext context, MetricMapping result, ServingField? servingField = null)
    {
        result.Received++;
        if (!Admit(name, p.Flags, p.TimeUnixNano, context, result))
        {
            return;
        }

        var value = p.ValueCase switch
        {
            NumberDataPoint.ValueOneofCase.AsDouble => p.AsDouble,
            NumberDataPoint.ValueOneofCase.AsInt => p.AsInt,
            _ => double.NaN,
        };
        if (!double.IsFinite(value))
        {
            result.Rejections.Add("invalid_value", $"metric '{name}': value {value} is not a finite number");
            return;
        }

        var labels = LabelText.Of(context.Attributes, p.Attributes);
        if (cumulativeIncrease)
        {
            var increase = _state.Increase(name + labels, p.StartTimeUnixNano, [value], out var forgotten);
            result.ForgottenSeries += forgotten;
            if (increase is null)
            {
                result.Skip("cumulative_baseline");
                return;
            }

            value = increase[0];
        }

        result.Rows.RawSamples.Add(new RawSample(UnixNanos.ToUtc(p.TimeUnixNano), context.Target, name, labels, value));
        if (servingField is { } field)
        {
            AddServingSample(p.TimeUnixNano, p.Attributes, context, field, value, result);
        }

        result.Stored++;
    }

    private void ExplicitHistogram(string name, HistogramDataPoint p, bool cumulative, ResourceContext context, MetricMapping result)
    {
        result.Received++;
        if (!Admit(name, p.Flags, p.TimeUnixNano, context, result))
        {
            return;
        }

        double[] bounds;
        double[] counts;
        if (p.BucketCounts.Count == 0)
        {
            bounds = [double.PositiveInfinity];
            counts = [p.Count];
        }
        else if (p.BucketCounts.Count != p.ExplicitBounds.Count + 1)
        {
            result.Rejections.Add("invalid_histogram", $"metric '{name}': {p.BucketCounts.Count} bucket counts for {p.ExplicitBounds.Count} bounds");
            return;
        }
        else
        {
            bounds = [.. p.ExplicitBounds, double.PositiveInfinity];
            counts = p.BucketCounts.Select(c => (double)c).ToArray();
        }

        var sum = p.HasSum ? p.Sum : double.NaN;
        Histogram(name, p.Attributes, p.StartTimeUnixNano, p.TimeUnixNano, bounds, counts, p.Count, sum, cumulative, context, result);
    }

    private void ExponentialHistogram(string name, ExponentialHistogramDataPoint p, bool cumulative, ResourceContext context, MetricMapping result)
    {
        result.Received++;
        if (!Admit(name, p.Flags, p.TimeUnixNano, context, result))
        {
            return;
        }

        if (ExponentialBuckets.ToExplicit(p) is not { } converted)
        {
            result.Rejections.Add("invalid_histogram", $"metric '{name}': exponential histogram with negative buckets, a scale outside -10..20 or over 1000 buckets is not stored");
            return;
        }

        var sum = p.HasSum ? p.Sum : double.NaN;
        Histogram(name, p.Attributes, p.StartTimeUnixNano, p.TimeUnixNano, converted.Bounds, converted.Counts, p.Count, sum, cumulative, context, result);
    }

    private void Histogram(
        string name, RepeatedField<KeyValue> attributes, ulong start, ulong timestamp, double[] bounds, double[] counts, double count, double sum,
        bool cumulative, ResourceContext context, MetricMapping result)
    {
        for (var i = 0; i < bounds.Length; i++)
        {
            if (double.IsNaN(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1]) || (i < bounds.Length - 1 && double.IsInfinity(bounds[i])))
            {
                result.Rejections.Add("invalid_histogram", $"metric '{name}': bounds must be finite and strictly increasing");
                return;
            }
        }

        if (counts.Sum() != count || (!double.IsNaN(sum) && !double.IsFinite(sum)))
        {
            result.Rejections.Add("invalid_histogram", $"metric '{name}': bucket counts add up to {counts.Sum()}, not the count {count}, or the sum is not finite");
            return;
        }

        var pointLabels = LabelText.Of(null, attributes);
        if (cumulative)
        {
            double[] current = [count, double.IsNaN(sum) ? 0 : sum, .. counts];
            var increase = _state.Increase(name + pointLabels + LabelText.Of(context.Attributes, []), start, current, out var forgotten);
            result.ForgottenSeries += forgotten;
            if (increase is null)
            {
                result.Skip("cumulative_baseline");
                return;
            }

            count = increase[0];
            sum = double.IsNaN(sum) ? sum : increase[1];
            counts = increase[2..];
        }

        var identity = Identity(attributes, context);
        result.Rows.ServingHistograms.Add(new ServingHistogram(
            UnixNanos.ToUtc(timestamp), context.Target + pointLabels, identity, name, bounds, counts, count, sum));
        if (ServingFieldRules.ForHistogram(name, attributes, count, sum) is { } serving)
        {
            AddServingSample(timestamp, attributes, context, serving.Field, serving.Value, result, identity);
        }

        result.Stored++;
    }

    /// <summary>A serving row with one field set (the others absent): sums over rows stay right however points are split.</summary>
    private void AddServingSample(
        ulong timestamp, RepeatedField<KeyValue> attributes, ResourceContext context, ServingField field, double value, MetricMapping result, ServingIdentity? identity = null)
    {
        var values = ServingSample.NewValues();
        values[(int)field] = value;
        result.Rows.ServingSamples.Add(new ServingSample(UnixNanos.ToUtc(timestamp), context.Target, identity ?? Identity(attributes, context), values));
    }

    /// <summary>Which server and model a point is about: point attributes first, then the resource's.</summary>
    private ServingIdentity Identity(RepeatedField<KeyValue> attributes, ResourceContext context)
    {
        var point = SpanFacts.Empty();
        _scanner.Scan(attributes, ref point);
        var r = context.Facts;
        return new ServingIdentity(
            Cluster: point.Cluster ?? r.Cluster ?? string.Empty,
            Node: point.Node ?? r.Node ?? string.Empty,
            Source: "otlp",
            Model: point.Model ?? r.Model ?? string.Empty,
            ModelVersion: string.Empty,
            Engine: string.Empty,
            GpuUuid: point.GpuUuid ?? r.GpuUuid ?? string.Empty,
            Namespace: point.Namespace ?? r.Namespace ?? string.Empty,
            Pod: point.Pod ?? r.Pod ?? string.Empty,
            TenantHint: (point.TenantRank <= r.TenantRank ? point.Tenant : r.Tenant) ?? string.Empty);
    }

    private static void Summary(string name, SummaryDataPoint p, ResourceContext context, MetricMapping result)
    {
        result.Received++;
        if (!Admit(name, p.Flags, p.TimeUnixNano, context, result))
        {
            return;
        }

        if (!double.IsFinite(p.Sum) || p.QuantileValues.Any(q => !double.IsFinite(q.Value) || q.Quantile is < 0 or > 1))
        {
            result.Rejections.Add("invalid_value", $"metric '{name}': summary sum or quantiles are not finite, or a quantile is outside 0..1");
            return;
        }

        var ts = UnixNanos.ToUtc(p.TimeUnixNano);
        var labels = LabelText.Of(context.Attributes, p.Attributes);
        result.Rows.RawSamples.Add(new RawSample(ts, context.Target, name + "_count", labels, p.Count));
        result.Rows.RawSamples.Add(new RawSample(ts, context.Target, name + "_sum", labels, p.Sum));
        foreach (var q in p.QuantileValues)
        {
            var withQuantile = new RepeatedField<KeyValue> { p.Attributes, new KeyValue { Key = "quantile", Value = new AnyValue { DoubleValue = q.Quantile } } };
            result.Rows.RawSamples.Add(new RawSample(ts, context.Target, name, LabelText.Of(context.Attributes, withQuantile), q.Value));
        }

        result.Stored++;
    }

    /// <summary>Checks what every point shares; false when the point is skipped or rejected (already counted).</summary>
    private static bool Admit(string name, uint flags, ulong timestamp, ResourceContext context, MetricMapping result)
    {
        if ((flags & NoRecordedValue) != 0)
        {
            result.Skip("no_recorded_value");
            return false;
        }

        if (string.IsNullOrEmpty(name))
        {
            result.Rejections.Add("invalid_name", "a metric has no name");
            return false;
        }

        if (UnixNanos.Check(timestamp, context.Latest) is { } bad)
        {
            result.Rejections.Add("invalid_timestamp", $"metric '{name}': {bad}");
            return false;
        }

        return true;
    }

    private sealed record ResourceContext(RepeatedField<KeyValue>? Attributes, SpanFacts Facts, string Target, ulong Latest);
}

/// <summary>What <see cref="MetricMapper"/> made of one export.</summary>
internal sealed class MetricMapping
{
    public int Received { get; set; }

    public int Stored { get; set; }

    public RowBatch Rows { get; } = new();

    public Rejections Rejections { get; } = new();

    public Dictionary<string, int> Skipped { get; } = new(StringComparer.Ordinal);

    /// <summary>Cumulative series whose last point was forgotten because the state was full.</summary>
    public int ForgottenSeries { get; set; }

    public void Skip(string reason) => Skipped[reason] = Skipped.GetValueOrDefault(reason) + 1;
}
