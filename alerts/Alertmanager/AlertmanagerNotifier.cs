using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Observability.Alerts.Delivery;
using Observability.Alerts.Model;

namespace Observability.Alerts.Alertmanager;

/// <summary>
/// Posts alerts to Alertmanager's API v2 (<c>POST /api/v2/alerts</c>). A firing alert carries an <c>endsAt</c> of now
/// plus <see cref="AlertingOptions.ActiveValidity"/>, which each resend pushes forward; a resolved one carries the
/// time it resolved, which Alertmanager takes as the end. Alertmanager groups and deduplicates by the labels.
/// </summary>
public sealed partial class AlertmanagerNotifier(HttpClient http, Uri baseUrl, AlertingOptions options, TimeProvider clock, ILogger<AlertmanagerNotifier> logger)
    : IAlertNotifier
{
    public string Name => "alertmanager";

    public async Task<bool> SendAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var now = clock.GetUtcNow();
        var body = alerts.Select(a => new PostableAlert(
            a.Labels,
            a.Annotations,
            a.StartsAt,
            a.EndsAt ?? now + options.ActiveValidity,
            string.IsNullOrEmpty(a.GeneratorUrl) ? null : a.GeneratorUrl)).ToList();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.SendTimeout);
            using var response = await http.PostAsJsonAsync(new Uri(baseUrl, "api/v2/alerts"), body, AlertJson.Default.ListPostableAlert, timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            LogRefused(logger, baseUrl, (int)response.StatusCode, text);
            return false;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogUnreachable(logger, baseUrl, e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alertmanager {Url} refused alerts: HTTP {Status} {Body}")]
    private static partial void LogRefused(ILogger logger, Uri url, int status, string body);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alertmanager {Url} unreachable: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, Uri url, string reason);
}

/// <summary>Alertmanager's <c>postableAlert</c>.</summary>
internal sealed record PostableAlert(
    [property: JsonPropertyName("labels")] IReadOnlyDictionary<string, string> Labels,
    [property: JsonPropertyName("annotations")] IReadOnlyDictionary<string, string> Annotations,
    [property: JsonPropertyName("startsAt")] DateTimeOffset StartsAt,
    [property: JsonPropertyName("endsAt")] DateTimeOffset EndsAt,
    [property: JsonPropertyName("generatorURL"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GeneratorUrl);

/// <summary>The generic webhook's body.</summary>
internal sealed record WebhookPayload(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("sentAt")] DateTimeOffset SentAt,
    [property: JsonPropertyName("alerts")] IReadOnlyList<WebhookAlert> Alerts);

internal sealed record WebhookAlert(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("labels")] IReadOnlyDictionary<string, string> Labels,
    [property: JsonPropertyName("annotations")] IReadOnlyDictionary<string, string> Annotations,
    [property: JsonPropertyName("startsAt")] DateTimeOffset StartsAt,
    [property: JsonPropertyName("endsAt")] DateTimeOffset? EndsAt);

[JsonSerializable(typeof(List<PostableAlert>))]
[JsonSerializable(typeof(WebhookPayload))]
internal sealed partial class AlertJson : JsonSerializerContext;
