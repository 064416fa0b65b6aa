namespace Observability.Collectors.Mapping;

/// <summary>
/// What a mapper knows about the scrape it is mapping: when, from where, and the labels the
/// operator attached to the target (cluster, node, tenant hints).
/// </summary>
public sealed record ScrapeContext(DateTime Timestamp, string Target, TargetLabels Labels, bool KeepUnmapped);

/// <summary>Operator-supplied labels of a target; empty strings when not configured.</summary>
public sealed record TargetLabels(string Cluster, string Node, string Namespace, string Pod, string TenantHint)
{
    public static TargetLabels Empty { get; } = new("", "", "", "", "");

    /// <summary>Builds from a free-form label map, reading the well-known keys.</summary>
    public static TargetLabels From(IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null || labels.Count == 0)
        {
            return Empty;
        }

        return new(Get("cluster"), Get("node"), Get("namespace"), Get("pod"), Get("tenant"));

        string Get(string key) => labels.TryGetValue(key, out var v) ? v : "";
    }
}
