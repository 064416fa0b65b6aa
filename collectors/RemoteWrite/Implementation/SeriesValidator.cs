namespace Observability.RemoteWrite.Implementation;

/// <summary>
/// Checks one series the way the scrape parser checks a sample's labels: a metric name, non-empty unique label
/// names, and the configured count and length limits (in bytes). Returns the problem, or null when usable.
/// </summary>
internal static class SeriesValidator
{
    public static string? Check(SeriesView series, ReadOnlySpan<byte> body, int maxLabels, int maxLength, out int nameLabel)
    {
        nameLabel = -1;
        var labels = series.Labels;
        if (labels.Count > maxLabels)
        {
            return $"series has {labels.Count} labels, over the limit of {maxLabels}";
        }

        var sorted = true;
        for (var i = 0; i < labels.Count; i++)
        {
            var label = labels[i];
            var name = body.Slice(label.NameStart, label.NameLength);
            if (name.IsEmpty)
            {
                return "series has a label with an empty name";
            }

            if (label.NameLength > maxLength || label.ValueLength > maxLength)
            {
                return $"label '{Clip(name)}' is longer than the limit of {maxLength} bytes";
            }

            if (name.SequenceEqual("__name__"u8) && label.ValueLength > 0)
            {
                nameLabel = i;
            }

            if (i > 0 && body.Slice(labels[i - 1].NameStart, labels[i - 1].NameLength).SequenceCompareTo(name) >= 0)
            {
                sorted = false;
            }
        }

        if (nameLabel < 0)
        {
            return "series has no __name__ label";
        }

        // Senders sort label names (the spec asks them to), which also proves them unique; check the rest the slow way.
        if (!sorted && HasDuplicate(labels, body))
        {
            var metric = labels[nameLabel];
            return $"series '{Clip(body.Slice(metric.ValueStart, metric.ValueLength))}' repeats a label name";
        }

        return null;
    }

    private static bool HasDuplicate(List<LabelSpan> labels, ReadOnlySpan<byte> body)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            for (var j = i + 1; j < labels.Count; j++)
            {
                if (body.Slice(labels[i].NameStart, labels[i].NameLength).SequenceEqual(body.Slice(labels[j].NameStart, labels[j].NameLength)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string Clip(ReadOnlySpan<byte> text)
    {
        var s = System.Text.Encoding.UTF8.GetString(text.Length <= 64 ? text : text[..64]);
        return text.Length <= 64 ? s : s + "…";
    }
}
