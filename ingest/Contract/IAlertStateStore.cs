namespace Observability.Ingest.Contract;

/// <summary>
/// Keeps the state of every alert that is pending, firing, or resolved but not yet delivered, so that a restart
/// neither forgets an active alert nor raises it again with a new start time.
/// </summary>
public interface IAlertStateStore
{
    Task<IReadOnlyList<AlertStateRow>> LoadAlertStatesAsync(CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the rows by <see cref="AlertStateRow.Key"/>, and deletes the keys listed, in one transaction.</summary>
    Task SaveAlertStatesAsync(IReadOnlyList<AlertStateRow> upserts, IReadOnlyList<string> deletes, CancellationToken cancellationToken);
}

/// <summary>
/// A persisted alert. <see cref="Labels"/> and <see cref="Annotations"/> are JSON objects of strings; times are UTC and
/// null when not reached. <see cref="State"/> is <c>pending</c>, <c>firing</c> or <c>resolved</c>.
/// </summary>
public sealed record AlertStateRow(
    string Key,
    string State,
    string Labels,
    string Annotations,
    DateTime ActiveSince,
    DateTime? FiredAt,
    DateTime? ResolvedAt,
    DateTime? LastSentAt);
