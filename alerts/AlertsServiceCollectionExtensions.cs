using Microsoft.Extensions.Logging;
using Observability.Alerts;
using Observability.Alerts.Alertmanager;
using Observability.Alerts.Delivery;
using Observability.Alerts.State;
using Observability.Alerts.Webhook;
using Observability.Analytics.Slo;
using Observability.Ingest.Contract;

namespace Microsoft.Extensions.DependencyInjection;

public static class AlertsServiceCollectionExtensions
{
    /// <summary>
    /// Registers burn-rate alerting on the SLO evaluation rounds: the persisted state machine (the caller registers
    /// <see cref="IAlertStateStore"/> and a <see cref="TimeProvider"/>), the dispatcher, and one notifier per
    /// Alertmanager and per signed webhook. <see cref="AlertDispatcher"/> is also how other alert sources deliver.
    /// </summary>
    public static IServiceCollection AddSloAlerting(
        this IServiceCollection services,
        AlertingOptions options,
        IEnumerable<Uri> alertmanagers,
        IEnumerable<(Uri Url, byte[] Secret)> webhooks)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHttpClient("alerts");
        services.AddSingleton(options);
        services.AddSingleton<AlertMetrics>();
        foreach (var url in alertmanagers)
        {
            services.AddSingleton<IAlertNotifier>(sp => new AlertmanagerNotifier(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient("alerts"), url, options, sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<AlertmanagerNotifier>>()));
        }

        foreach (var (url, secret) in webhooks)
        {
            services.AddSingleton<IAlertNotifier>(sp => new WebhookNotifier(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient("alerts"), url, secret, options, sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<WebhookNotifier>>()));
        }

        services.AddSingleton<AlertDispatcher>();
        services.AddSingleton(sp => new AlertStateMachine(
            sp.GetRequiredService<IAlertStateStore>(), sp.GetRequiredService<AlertDispatcher>(), sp.GetRequiredService<AlertMetrics>(),
            sp.GetRequiredService<TimeProvider>(), options));
        services.AddSingleton<ISloEvaluationObserver, SloAlerting>();
        return services;
    }
}
