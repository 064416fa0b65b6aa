using System.Globalization;
using System.Text.Json;

namespace Observability.Collectors.Scraping;

/// <summary>
/// Reads Prometheus <c>file_sd</c> JSON: <c>[{"targets": ["host:port"], "labels": {...}}]</c>.
/// As in Prometheus, <c>__scheme__</c> and <c>__metrics_path__</c> shape the URL, <c>job</c>
/// names the job, <c>__scrape_interval__</c>/<c>__scrape_timeout__</c> override the cadence,
/// other <c>__</c> labels are dropped and the rest travel with the target's rows.
/// </summary>
public static class FileSdReader
{
    public static IReadOnlyList<ScrapeTarget> Parse(string json, string source)
    {
        List<Group>? groups;
        try
        {
            groups = JsonSerializer.Deserialize<List<Group>>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}: not a file_sd JSON array of target groups: {e.Message}", e);
        }

        var targets = new List<ScrapeTarget>();
        for (var g = 0; g < (groups?.Count ?? 0); g++)
        {
            var group = groups![g];
            var labels = group.Labels ?? [];
            var scheme = labels.GetValueOrDefault("__scheme__", "http");
            var path = labels.GetValueOrDefault("__metrics_path__", "/metrics");
            var kept = labels.Where(kv => !kv.Key.StartsWith("__", StringComparison.Ordinal) && kv.Key != "job")
                .ToDictionary(kv => kv.Key, kv => kv.Value);
            foreach (var address in group.Targets ?? [])
            {
                if (!Uri.TryCreate($"{scheme}://{address}{path}", UriKind.Absolute, out var url))
                {
                    throw new FormatException($"{source}: group {g}: '{address}' does not form a valid URL with scheme '{scheme}' and path '{path}'");
                }

                targets.Add(new ScrapeTarget
                {
                    Url = url,
                    Job = labels.GetValueOrDefault("job", "file_sd"),
                    Labels = kept,
                    Interval = Duration(labels, "__scrape_interval__", source),
                    Timeout = Duration(labels, "__scrape_timeout__", source),
                });
            }
        }

        return targets;
    }

    /// <summary>Prometheus durations such as <c>15s</c>, <c>500ms</c>, <c>1m</c>.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var units = new (string Suffix, double Seconds)[] { ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400) };
        foreach (var (suffix, seconds) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                return TimeSpan.FromSeconds(n * seconds);
            }
        }

        throw new FormatException($"'{text}' is not a duration (e.g. 500ms, 15s, 1m)");
    }

    private static TimeSpan? Duration(Dictionary<string, string> labels, string key, string source)
    {
        if (!labels.TryGetValue(key, out var text))
        {
            return null;
        }

        try
        {
            return ParseDuration(text);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{source}: {key}: {e.Message}", e);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private sealed record Group(List<string>? Targets, Dictionary<string, string>? Labels);
}
