namespace Observability.Ingest.Model;

/// <summary>
/// One wide row per GPU (or MIG instance) per scrape: every mapped dcgm-exporter field in one place.
/// <see cref="Values"/> is indexed by <see cref="GpuField"/>; NaN means the field was absent
/// (or, for an increase, that this is the first scrape of that series).
/// </summary>
public sealed class GpuSample
{
    public GpuSample(DateTime timestamp, string target, GpuIdentity gpu, double[] values)
    {
        if (values.Length != GpuFieldCatalog.Count)
        {
            throw new ArgumentException($"expected {GpuFieldCatalog.Count} values, got {values.Length}", nameof(values));
        }

        Timestamp = timestamp;
        Target = target;
        Gpu = gpu;
        Values = values;
    }

    /// <summary>Scrape time, UTC.</summary>
    public DateTime Timestamp { get; }

    /// <summary>The scrape target (instance) the row came from.</summary>
    public string Target { get; }

    public GpuIdentity Gpu { get; }

    public double[] Values { get; }

    public double this[GpuField field] => Values[(int)field];

    public static double[] NewValues()
    {
        var values = new double[GpuFieldCatalog.Count];
        Array.Fill(values, double.NaN);
        return values;
    }
}
