namespace Observability.Ingest.Model;

/// <summary>
/// One wide row per model server × model × engine per scrape. <see cref="Values"/> is indexed by
/// <see cref="ServingField"/>; NaN means absent (or first scrape, for increases).
/// </summary>
public sealed class ServingSample
{
    public ServingSample(DateTime timestamp, string target, ServingIdentity server, double[] values)
    {
        if (values.Length != ServingFieldCatalog.Count)
        {
            throw new ArgumentException($"expected {ServingFieldCatalog.Count} values, got {values.Length}", nameof(values));
        }

        Timestamp = timestamp;
        Target = target;
        Server = server;
        Values = values;
    }

    public DateTime Timestamp { get; }

    public string Target { get; }

    public ServingIdentity Server { get; }

    public double[] Values { get; }

    public double this[ServingField field] => Values[(int)field];

    public static double[] NewValues()
    {
        var values = new double[ServingFieldCatalog.Count];
        Array.Fill(values, double.NaN);
        return values;
    }
}
