namespace Observability.Alerts.Model;

/// <summary>
/// An alert as every notifier receives it, whatever raised it (SLO burn rates, budget and quota events). Labels
/// identify it and stay the same for its whole life, so receivers can deduplicate; annotations may change.
/// <see cref="EndsAt"/> is null while it is active and set when it resolved.
/// </summary>
public sealed record Alert(
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    string GeneratorUrl = "")
{
    public bool IsResolved => EndsAt is not null;

    public string Name => Labels.TryGetValue("alertname", out var name) ? name : string.Empty;
}

/// <summary>
/// A condition a rule evaluated: whether the alert with these labels should be active now. <see cref="For"/> is how long
/// it must hold before the alert fires (it is pending until then).
/// </summary>
public sealed record AlertCondition(
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    bool Active,
    TimeSpan For)
{
    /// <summary>The identity of the alert: its labels in name order, so the same labels always give the same key.</summary>
    public string Key => AlertKey.Of(Labels);
}

public static class AlertKey
{
    public static string Of(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={Escape(l.Value)}"));
    }

    private static string Escape(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
