using System.Text.RegularExpressions;
using Observability.Collectors.Mapping;

namespace Observability.RemoteWrite;

/// <summary>Reports every problem of a <see cref="RemoteWriteOptions"/> at once, each with the option's name.</summary>
public static class RemoteWriteOptionsValidator
{
    public static IReadOnlyList<string> Validate(RemoteWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.MaxBodyBytes < 1) problems.Add($"RemoteWrite.MaxBodyBytes must be at least 1 (got {options.MaxBodyBytes})");
        if (options.MaxDecodedBytes < 1 || options.MaxDecodedBytes > Array.MaxLength) problems.Add($"RemoteWrite.MaxDecodedBytes must be between 1 and {Array.MaxLength} (got {options.MaxDecodedBytes})");
        if (options.AssemblyDelay < TimeSpan.Zero) problems.Add($"RemoteWrite.AssemblyDelay must not be negative (got {options.AssemblyDelay})");
        if (options.MaxPendingSamples < 1) problems.Add($"RemoteWrite.MaxPendingSamples must be at least 1 (got {options.MaxPendingSamples})");
        if (options.MaxFutureSkew < TimeSpan.Zero) problems.Add($"RemoteWrite.MaxFutureSkew must not be negative (got {options.MaxFutureSkew})");
        if (options.MaxLabelCount < 1) problems.Add($"RemoteWrite.MaxLabelCount must be at least 1 (got {options.MaxLabelCount})");
        if (options.MaxLabelLength < 1) problems.Add($"RemoteWrite.MaxLabelLength must be at least 1 (got {options.MaxLabelLength})");
        if (options.RetryAfter < TimeSpan.FromSeconds(1)) problems.Add($"RemoteWrite.RetryAfter must be at least 1s (got {options.RetryAfter})");
        for (var i = 0; i < options.Sources.Count; i++)
        {
            var rule = options.Sources[i];
            try
            {
                _ = new Regex(rule.Job);
            }
            catch (ArgumentException e)
            {
                problems.Add($"RemoteWrite.Sources[{i}].Job: '{rule.Job}' is not a regular expression: {e.Message}");
            }

            foreach (var name in rule.Mappers.Where(n => !SourceMappers.ByName.ContainsKey(n)))
            {
                problems.Add($"RemoteWrite.Sources[{i}].Mappers: unknown mapper '{name}' (known: {string.Join(", ", SourceMappers.ByName.Keys)})");
            }
        }

        return problems;
    }
}
