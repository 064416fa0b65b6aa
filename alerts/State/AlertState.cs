using System.Text.Json;
using Observability.Alerts.Model;
using Observability.Ingest.Contract;

namespace Observability.Alerts.State;

public enum AlertPhase
{
    /// <summary>The condition holds but not yet for its <c>for</c> duration; nothing is sent.</summary>
    Pending,

    /// <summary>Sent, and re-sent while it lasts.</summary>
    Firing,

    /// <summary>The condition stopped holding; kept until the resolution has been delivered.</summary>
    Resolved,
}

/// <summary>One alert's state, as the machine holds it and the store keeps it.</summary>
public sealed record AlertState(
    string Key,
    AlertPhase Phase,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTime ActiveSince,
    DateTime? FiredAt,
    DateTime? ResolvedAt,
    DateTime? LastSentAt)
{
    public Alert ToAlert() => new(Labels, Annotations, new DateTimeOffset(ActiveSince, TimeSpan.Zero), ResolvedAt is { } r ? new DateTimeOffset(r, TimeSpan.Zero) : null);

    public AlertStateRow ToRow() => new(
        Key,
        Phase.ToString().ToLowerInvariant(),
        JsonSerializer.Serialize(Labels),
        JsonSerializer.Serialize(Annotations),
        ActiveSince,
        FiredAt,
        ResolvedAt,
        LastSentAt);

    public static AlertState FromRow(AlertStateRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var phase = row.State switch
        {
            "pending" => AlertPhase.Pending,
            "firing" => AlertPhase.Firing,
            "resolved" => AlertPhase.Resolved,
            _ => throw new FormatException($"alert {row.Key} has an unknown stored state '{row.State}'"),
        };
        return new AlertState(
            row.Key,
            phase,
            JsonSerializer.Deserialize<Dictionary<string, string>>(row.Labels) ?? [],
            JsonSerializer.Deserialize<Dictionary<string, string>>(row.Annotations) ?? [],
            row.ActiveSince,
            row.FiredAt,
            row.ResolvedAt,
            row.LastSentAt);
    }
}
