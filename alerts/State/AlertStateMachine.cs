using Observability.Alerts.Delivery;
using Observability.Alerts.Model;
using Observability.Ingest.Contract;

namespace Observability.Alerts.State;

/// <summary>
/// pending → firing → resolved, persisted in the store. Each step applies the conditions a rule source evaluated,
/// saves the new states, delivers what is due (firing alerts every <see cref="AlertingOptions.ResendInterval"/>,
/// resolutions once), then saves what was delivered. A restart loads the saved states: a firing alert goes on with
/// its original start and labels, so receivers see the same alert, not a new one; one whose delivery was not yet
/// recorded is sent again, which receivers deduplicate by its labels.
/// </summary>
public sealed class AlertStateMachine(IAlertStateStore store, AlertDispatcher dispatcher, AlertMetrics metrics, TimeProvider time, AlertingOptions options)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<string, AlertState>? _states;

    /// <summary>The states held now, ordered by key.</summary>
    public async Task<IReadOnlyList<AlertState>> GetStatesAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var states = await LoadAsync(cancellationToken).ConfigureAwait(false);
            return [.. states.Values.OrderBy(s => s.Key, StringComparer.Ordinal)];
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Applies one evaluation of a source's conditions. Alerts held for keys <paramref name="covers"/> accepts but that
    /// have no condition now are treated as no longer active (their SLO or tenant is gone); others are left alone
    /// (e.g. an SLO that could not be evaluated this time keeps its alerts as they were).
    /// </summary>
    public async Task StepAsync(IReadOnlyList<AlertCondition> conditions, Func<AlertState, bool> covers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(covers);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var states = await LoadAsync(cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow().UtcDateTime;
            var changed = new Dictionary<string, AlertState>(StringComparer.Ordinal);
            var deleted = new HashSet<string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var condition in conditions)
            {
                var key = condition.Key;
                seen.Add(key);
                states.TryGetValue(key, out var current);
                var next = Apply(current, condition, key, now);
                Record(states, changed, deleted, key, current, next);
            }

            foreach (var orphan in states.Values.Where(s => !seen.Contains(s.Key) && covers(s)).ToList())
            {
                Record(states, changed, deleted, orphan.Key, orphan, Clear(orphan, now));
            }

            await SaveAsync(changed, deleted, cancellationToken).ConfigureAwait(false);
            await DeliverAsync(states, now, cancellationToken).ConfigureAwait(false);
            metrics.SetStates(states.Values.GroupBy(s => s.Phase.ToString().ToLowerInvariant()).ToDictionary(g => g.Key, g => g.Count()));
        }
        finally
        {
            _gate.Release();
        }
    }

    private static AlertState? Apply(AlertState? current, AlertCondition condition, string key, DateTime now)
    {
        if (!condition.Active)
        {
            return current is null ? null : Clear(current, now);
        }

        // Active: a new episode starts pending (also after a resolution that is still waiting to be delivered:
        // that one is replaced, and receivers learn of the new start).
        var state = current is null || current.Phase == AlertPhase.Resolved
            ? new AlertState(key, AlertPhase.Pending, condition.Labels, condition.Annotations, now, null, null, null)
            : current with { Annotations = condition.Annotations };
        if (state.Phase == AlertPhase.Pending && now - state.ActiveSince >= condition.For)
        {
            state = state with { Phase = AlertPhase.Firing, FiredAt = now, LastSentAt = null };
        }

        return state;
    }

    /// <summary>The condition no longer holds: a pending alert is dropped, a firing one resolves.</summary>
    private static AlertState? Clear(AlertState current, DateTime now) => current.Phase switch
    {
        AlertPhase.Pending => null,
        AlertPhase.Firing => current with { Phase = AlertPhase.Resolved, ResolvedAt = now, LastSentAt = null },
        _ => current,
    };

    private void Record(Dictionary<string, AlertState> states, Dictionary<string, AlertState> changed, HashSet<string> deleted, string key, AlertState? before, AlertState? after)
    {
        if (after is null)
        {
            if (before is not null)
            {
                states.Remove(key);
                changed.Remove(key);
                deleted.Add(key);
            }

            return;
        }

        if (before is null || before.Phase != after.Phase)
        {
            metrics.CountTransition(after.Phase.ToString().ToLowerInvariant());
        }

        if (!Equals(before, after))
        {
            states[key] = after;
            changed[key] = after;
            deleted.Remove(key);
        }
    }

    private async Task DeliverAsync(Dictionary<string, AlertState> states, DateTime now, CancellationToken cancellationToken)
    {
        var due = states.Values
            .Where(s => s.Phase == AlertPhase.Resolved || (s.Phase == AlertPhase.Firing && (s.LastSentAt is not { } sent || now - sent >= options.ResendInterval)))
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToList();
        if (due.Count == 0)
        {
            return;
        }

        if (!await dispatcher.DispatchAsync([.. due.Select(s => s.ToAlert())], cancellationToken).ConfigureAwait(false))
        {
            // Kept as they are: the next step sends them again.
            return;
        }

        var changed = new Dictionary<string, AlertState>(StringComparer.Ordinal);
        var deleted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var state in due)
        {
            if (state.Phase == AlertPhase.Resolved)
            {
                states.Remove(state.Key);
                deleted.Add(state.Key);
            }
            else
            {
                var sent = state with { LastSentAt = now };
                states[state.Key] = sent;
                changed[state.Key] = sent;
            }
        }

        await SaveAsync(changed, deleted, cancellationToken).ConfigureAwait(false);
    }

    private async Task SaveAsync(Dictionary<string, AlertState> changed, HashSet<string> deleted, CancellationToken cancellationToken)
    {
        if (changed.Count > 0 || deleted.Count > 0)
        {
            await store.SaveAlertStatesAsync([.. changed.Values.Select(s => s.ToRow())], [.. deleted], cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Dictionary<string, AlertState>> LoadAsync(CancellationToken cancellationToken)
    {
        if (_states is null)
        {
            var rows = await store.LoadAlertStatesAsync(cancellationToken).ConfigureAwait(false);
            _states = rows.Select(AlertState.FromRow).ToDictionary(s => s.Key, StringComparer.Ordinal);
        }

        return _states;
    }
}
