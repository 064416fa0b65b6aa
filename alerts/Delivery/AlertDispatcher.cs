using Observability.Alerts.Model;

namespace Observability.Alerts.Delivery;

/// <summary>
/// Sends alerts to every configured notifier. This is the one door every alert goes through (SLO burn rates now;
/// budget and quota events too), so they are routed, signed and counted the same way.
/// </summary>
public sealed class AlertDispatcher(IEnumerable<IAlertNotifier> notifiers, AlertMetrics metrics)
{
    private readonly IReadOnlyList<IAlertNotifier> _notifiers = [.. notifiers];

    /// <summary>True when every notifier accepted the alerts (and when there is none to send or no notifier).</summary>
    public async Task<bool> DispatchAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        if (alerts.Count == 0)
        {
            return true;
        }

        var all = true;
        foreach (var notifier in _notifiers)
        {
            var ok = await notifier.SendAsync(alerts, cancellationToken).ConfigureAwait(false);
            metrics.CountNotification(notifier.Name, ok, alerts.Count);
            all &= ok;
        }

        return all;
    }
}
