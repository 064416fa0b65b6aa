using Observability.Alerts.Model;

namespace Observability.Alerts.Delivery;

/// <summary>
/// Delivers alerts to one receiver. Returns false (after logging) when the receiver did not accept them; never throws
/// for a receiver's failure, so one bad receiver cannot stop the others or the evaluation loop.
/// </summary>
public interface IAlertNotifier
{
    /// <summary>A short name for logs and metrics, e.g. <c>alertmanager</c>.</summary>
    string Name { get; }

    Task<bool> SendAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken);
}
