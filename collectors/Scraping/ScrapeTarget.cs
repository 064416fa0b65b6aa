namespace Observability.Collectors.Scraping;

/// <summary>
/// One endpoint to scrape, with its own cadence and the labels the operator attaches to what
/// it yields (cluster, node, namespace, pod, tenant hints). Null interval/timeout take the defaults.
/// </summary>
public sealed record ScrapeTarget
{
    public required Uri Url { get; init; }

    public string Job { get; init; } = "default";

    public TimeSpan? Interval { get; init; }

    public TimeSpan? Timeout { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Keep samples no mapper understands as raw rows (null: the scrape-wide default).</summary>
    public bool? KeepUnmapped { get; init; }

    /// <summary>A stable key: the same URL and job are the same target across config reloads.</summary>
    public string Key => $"{Job}|{Url}";

    public bool SameDefinition(ScrapeTarget other) =>
        Url == other.Url && Job == other.Job && Interval == other.Interval && Timeout == other.Timeout
        && KeepUnmapped == other.KeepUnmapped
        && Labels.Count == other.Labels.Count && Labels.All(kv => other.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
