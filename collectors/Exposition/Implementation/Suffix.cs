namespace Observability.Collectors.Exposition.Implementation;

/// <summary>The sample-name suffixes that tie OpenMetrics samples to their family.</summary>
internal enum Suffix : byte
{
    None,
    Total,
    Created,
    Count,
    Sum,
    Bucket,
    GCount,
    GSum,
    Info,
}

internal static class Suffixes
{
    public static ReadOnlySpan<byte> Bytes(Suffix suffix) => suffix switch
    {
        Suffix.Total => "_total"u8,
        Suffix.Created => "_created"u8,
        Suffix.Count => "_count"u8,
        Suffix.Sum => "_sum"u8,
        Suffix.Bucket => "_bucket"u8,
        Suffix.GCount => "_gcount"u8,
        Suffix.GSum => "_gsum"u8,
        Suffix.Info => "_info"u8,
        _ => default,
    };

    /// <summary>Which suffix <paramref name="rest"/> (the sample name after the family name) is; false when none.</summary>
    public static bool TryParse(ReadOnlySpan<byte> rest, out Suffix suffix)
    {
        suffix = rest.Length switch
        {
            0 => Suffix.None,
            4 when rest.SequenceEqual("_sum"u8) => Suffix.Sum,
            5 when rest.SequenceEqual("_gsum"u8) => Suffix.GSum,
            5 when rest.SequenceEqual("_info"u8) => Suffix.Info,
            6 when rest.SequenceEqual("_total"u8) => Suffix.Total,
            6 when rest.SequenceEqual("_count"u8) => Suffix.Count,
            7 when rest.SequenceEqual("_bucket"u8) => Suffix.Bucket,
            7 when rest.SequenceEqual("_gcount"u8) => Suffix.GCount,
            8 when rest.SequenceEqual("_created"u8) => Suffix.Created,
            _ => (Suffix)255,
        };
        return suffix != (Suffix)255;
    }

    /// <summary>The sample names a family of this type owns (OpenMetrics 1.0, as the reference parser groups them).</summary>
    public static bool IsAllowed(MetricType type, Suffix suffix) => type switch
    {
        MetricType.Counter => suffix is Suffix.Total or Suffix.Created,
        MetricType.Summary => suffix is Suffix.None or Suffix.Count or Suffix.Sum or Suffix.Created,
        MetricType.Histogram => suffix is Suffix.Count or Suffix.Sum or Suffix.Bucket or Suffix.Created,
        MetricType.GaugeHistogram => suffix is Suffix.GCount or Suffix.GSum or Suffix.Bucket,
        MetricType.Info => suffix is Suffix.Info,
        _ => suffix is Suffix.None,
    };

    /// <summary>Samples whose values count something: never NaN.</summary>
    public static bool IsCounterLike(Suffix suffix) =>
        suffix is Suffix.Total or Suffix.Sum or Suffix.Count or Suffix.Bucket or Suffix.GCount or Suffix.GSum;

    /// <summary>Counter-like samples that also cannot be negative (a gauge histogram's _gsum can).</summary>
    public static bool IsNonNegative(Suffix suffix) =>
        suffix is Suffix.Total or Suffix.Sum or Suffix.Count or Suffix.Bucket or Suffix.GCount;
}
