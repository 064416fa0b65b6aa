using Observability.Collectors.Scraping;

namespace Observability.Host.Service;

/// <summary>Durations in the configuration file use Prometheus's notation (<c>5s</c>, <c>1m30s</c>).</summary>
internal static class ConfigDuration
{
    /// <summary>The duration at <paramref name="key"/>; null when absent, and null with the problem added to <paramref name="errors"/> when malformed.</summary>
    public static TimeSpan? Parse(string? text, string key, List<string> errors)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return FileSdReader.ParseDuration(text);
        }
        catch (FormatException e)
        {
            errors.Add($"{key}: {e.Message}");
            return null;
        }
    }
}
