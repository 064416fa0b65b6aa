using Observability.Collectors.Exposition;
using Observability.Ingest.Model;
using Observability.RemoteWrite.Protocol;

namespace Observability.RemoteWrite.Implementation;

/// <summary>
/// Family name and type of each sample, which a scrape reads from TYPE lines and remote_write 1.0 sends apart as
/// metadata (Prometheus every minute by default). Rule, in order: the family's metadata when it has arrived; a
/// <c>_bucket</c> series with an <c>le</c> label is a histogram bucket; <c>_sum</c>/<c>_count</c> belong to a
/// histogram or summary family when metadata says so or when buckets or quantiles of that family are in the same
/// scrape; a <c>quantile</c> label makes a summary; dcgm-exporter fields take the kind of the field catalogue; a
/// <c>_total</c> suffix makes a counter; anything else is unknown. The mappers' own catalogues decide how each family
/// is mapped, so the type matters to them no more than a TYPE line does to a scrape.
/// </summary>
internal sealed class SampleTypes
{
    private const int MaxFamilies = 100_000;
    private static readonly Dictionary<string, MetricType> s_dcgmKinds = DcgmKinds();

    private readonly Dictionary<string, MetricType> _metadata = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Remembers the types a request's metadata declares (bounded: a flood of names starts the table over).</summary>
    public void Learn(IReadOnlyList<MetricMetadata> metadata)
    {
        if (metadata.Count == 0)
        {
            return;
        }

        lock (_lock)
        {
            foreach (var m in metadata)
            {
                if (_metadata.Count >= MaxFamilies)
                {
                    _metadata.Clear();
                }

                _metadata[m.MetricFamilyName] = Convert(m.Type);
            }
        }
    }

    /// <summary>The family and type of a sample named <paramref name="name"/>; <paramref name="summaryOrHistogramFamilies"/> are the families with buckets or quantiles in the same scrape.</summary>
    public (int FamilyLength, MetricType Type) Classify(string name, bool hasLe, bool hasQuantile, IReadOnlySet<string> summaryOrHistogramFamilies)
    {
        lock (_lock)
        {
            if (_metadata.TryGetValue(name, out var declared))
            {
                return (name.Length, declared);
            }

            if (hasLe && name.EndsWith("_bucket", StringComparison.Ordinal))
            {
                var family = name.Length - "_bucket".Length;
                return (family, Declared(name[..family]) ?? MetricType.Histogram);
            }

            foreach (var suffix in (ReadOnlySpan<string>)["_sum", "_count"])
            {
                if (name.EndsWith(suffix, StringComparison.Ordinal))
                {
                    var family = name[..^suffix.Length];
                    if (Declared(family) is { } t && t is MetricType.Histogram or MetricType.Summary or MetricType.GaugeHistogram)
                    {
                        return (family.Length, t);
                    }

                    if (summaryOrHistogramFamilies.Contains(family))
                    {
                        return (family.Length, MetricType.Histogram);
                    }
                }
            }
        }

        if (hasQuantile)
        {
            return (name.Length, MetricType.Summary);
        }

        if (s_dcgmKinds.TryGetValue(name, out var kind))
        {
            return (name.Length, kind);
        }

        return (name.Length, name.EndsWith("_total", StringComparison.Ordinal) ? MetricType.Counter : MetricType.Unknown);
    }

    private static Dictionary<string, MetricType> DcgmKinds()
    {
        var kinds = new Dictionary<string, MetricType>(StringComparer.Ordinal);
        foreach (var field in GpuFieldCatalog.All)
        {
            var type = field.Kind == MetricKind.Gauge ? MetricType.Gauge : MetricType.Counter;
            kinds[field.DcgmName] = type;
            if (field.AlternateDcgmName is { } alternate)
            {
                kinds[alternate] = type;
            }
        }

        return kinds;
    }

    private MetricType? Declared(string family) => _metadata.TryGetValue(family, out var t) ? t : null;

    private static MetricType Convert(MetricMetadata.Types.MetricType type) => type switch
    {
        MetricMetadata.Types.MetricType.Counter => MetricType.Counter,
        MetricMetadata.Types.MetricType.Gauge => MetricType.Gauge,
        MetricMetadata.Types.MetricType.Histogram => MetricType.Histogram,
        MetricMetadata.Types.MetricType.Gaugehistogram => MetricType.GaugeHistogram,
        MetricMetadata.Types.MetricType.Summary => MetricType.Summary,
        MetricMetadata.Types.MetricType.Info => MetricType.Info,
        MetricMetadata.Types.MetricType.Stateset => MetricType.StateSet,
        _ => MetricType.Unknown,
    };
}
