using System.Text;
using Observability.Collectors.Exposition;
using Observability.Collectors.Mapping;
using Observability.Ingest.Model;
using Observability.RemoteWrite.Protocol;

namespace Observability.RemoteWrite.Implementation;

/// <summary>
/// Family name and type of each sample, which a scrape reads from TYPE lines and remote_write 1.0 sends apart as
/// metadata (Prometheus every minute by default). Rule, in order: the family's metadata when it has arrived; a
/// <c>_bucket</c> series with an <c>le</c> label is a histogram bucket; <c>_sum</c>/<c>_count</c> belong to a
/// histogram or summary family when metadata says so or when buckets of that family are in the same scrape; a
/// <c>quantile</c> label makes a summary; dcgm-exporter fields take the kind of the field catalogue; a <c>_total</c>
/// suffix makes a counter; anything else is unknown. The mappers' own catalogues decide how each family is mapped,
/// so the type matters to them no more than a TYPE line does to a scrape. Not thread-safe (the intake's lock).
/// </summary>
internal sealed class SampleTypes
{
    private const int MaxFamilies = 100_000;
    private static readonly ByteKeyMap<MetricType> s_dcgmKinds = DcgmKinds();

    private readonly ByteKeyMap<MetricType> _metadata = new();

    /// <summary>Remembers a family's declared type (bounded: a flood of names starts the table over).</summary>
    public void Learn(MetricMetadata.Types.MetricType type, ReadOnlySpan<byte> family)
    {
        if (_metadata.Count >= MaxFamilies)
        {
            _metadata.Clear();
        }

        _metadata.Set(family, Convert(type));
    }

    /// <summary>The family and type of a sample named <paramref name="name"/>; <paramref name="bucketFamilies"/> are the families with buckets in the same scrape.</summary>
    public (int FamilyLength, MetricType Type) Classify(ReadOnlySpan<byte> name, bool hasLe, bool hasQuantile, ByteKeyMap<bool> bucketFamilies)
    {
        // Most senders send no metadata, and the mappers do not need the type: skip the look-ups that cannot hit.
        if (_metadata.Count > 0 && _metadata.TryGetValue(name, out var declared))
        {
            return (name.Length, declared);
        }

        if (hasLe && name.EndsWith("_bucket"u8))
        {
            var family = name[..^"_bucket".Length];
            return (family.Length, _metadata.Count > 0 && _metadata.TryGetValue(family, out var t) ? t : MetricType.Histogram);
        }

        if (name.EndsWith("_sum"u8) || name.EndsWith("_count"u8))
        {
            var family = name[..^(name.EndsWith("_sum"u8) ? 4 : 6)];
            if (_metadata.Count > 0 && _metadata.TryGetValue(family, out var t) && t is MetricType.Histogram or MetricType.Summary or MetricType.GaugeHistogram)
            {
                return (family.Length, t);
            }

            if (bucketFamilies.TryGetValue(family, out _))
            {
                return (family.Length, MetricType.Histogram);
            }
        }

        if (hasQuantile)
        {
            return (name.Length, MetricType.Summary);
        }

        if (name.StartsWith("DCGM_FI_"u8) && s_dcgmKinds.TryGetValue(name, out var kind))
        {
            return (name.Length, kind);
        }

        return (name.Length, name.EndsWith("_total"u8) ? MetricType.Counter : MetricType.Unknown);
    }

    private static ByteKeyMap<MetricType> DcgmKinds()
    {
        var kinds = new ByteKeyMap<MetricType>();
        foreach (var field in GpuFieldCatalog.All)
        {
            var type = field.Kind == MetricKind.Gauge ? MetricType.Gauge : MetricType.Counter;
            kinds.Set(Encoding.ASCII.GetBytes(field.DcgmName), type);
            if (field.AlternateDcgmName is { } alternate)
            {
                kinds.Set(Encoding.ASCII.GetBytes(alternate), type);
            }
        }

        return kinds;
    }

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
