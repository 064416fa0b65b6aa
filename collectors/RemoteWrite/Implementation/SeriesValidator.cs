using Observability.RemoteWrite.Protocol;

namespace Observability.RemoteWrite.Implementation;

/// <summary>
/// Checks one series the way the scrape parser checks a sample's labels: a metric name, non-empty unique label
/// names, and the configured count and length limits. Returns the problem, or null when the series is usable.
/// </summary>
internal static class SeriesValidator
{
    public static string? Check(TimeSeries series, int maxLabels, int maxLength, out string name)
    {
        name = "";
        var labels = series.Labels;
        if (labels.Count > maxLabels)
        {
            return $"series has {labels.Count} labels, over the limit of {maxLabels}";
        }

        var sorted = true;
        for (var i = 0; i < labels.Count; i++)
        {
            var label = labels[i];
            if (label.Name.Length == 0)
            {
                return "series has a label with an empty name";
            }

            if (label.Name.Length > maxLength || label.Value.Length > maxLength)
            {
                return $"label '{Clip(label.Name)}' is longer than the limit of {maxLength}";
            }

            if (label.Name == "__name__")
            {
                name = label.Value;
            }

            if (i > 0 && string.CompareOrdinal(labels[i - 1].Name, label.Name) >= 0)
            {
                sorted = false;
            }
        }

        if (name.Length == 0)
        {
            return "series has no __name__ label";
        }

        // Senders sort label names (the spec asks them to), which also proves them unique; check the rest the slow way.
        if (!sorted && HasDuplicate(labels))
        {
            return $"series '{Clip(name)}' repeats a label name";
        }

        return null;
    }

    private static bool HasDuplicate(IReadOnlyList<Label> labels)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return labels.Any(l => !seen.Add(l.Name));
    }

    private static string Clip(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
