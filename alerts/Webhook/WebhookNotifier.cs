using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Observability.Alerts.Alertmanager;
using Observability.Alerts.Delivery;
using Observability.Alerts.Model;

namespace Observability.Alerts.Webhook;

/// <summary>
/// Posts alerts as JSON (<c>{"version":"1","sentAt":…,"alerts":[{"status","labels","annotations","startsAt","endsAt"}]}</c>)
/// to any URL, signed so the receiver can check it came from us and was not replayed: header
/// <c>X-Obs-Timestamp</c> (Unix seconds) and <c>X-Obs-Signature: sha256=HEX</c>, the HMAC-SHA256 with the shared secret
/// of the timestamp, a dot, and the exact body bytes.
/// </summary>
public sealed partial class WebhookNotifier(HttpClient http, Uri url, byte[] secret, AlertingOptions options, TimeProvider clock, ILogger<WebhookNotifier> logger)
    : IAlertNotifier
{
    public const string TimestampHeader = "X-Obs-Timestamp";
    public const string SignatureHeader = "X-Obs-Signature";

    public string Name => "webhook";

    /// <summary>The signature header value for a timestamp and body: what a receiver recomputes and compares.</summary>
    public static string Sign(byte[] secret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(timestamp);
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, message));
    }

    public async Task<bool> SendAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var now = clock.GetUtcNow();
        var payload = new WebhookPayload(
            "1",
            now,
            [.. alerts.Select(a => new WebhookAlert(a.IsResolved ? "resolved" : "firing", a.Labels, a.Annotations, a.StartsAt, a.EndsAt))]);
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, AlertJson.Default.WebhookPayload);
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, Sign(secret, timestamp, body));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.SendTimeout);
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            LogRefused(logger, url, (int)response.StatusCode);
            return false;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogUnreachable(logger, url, e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "webhook {Url} refused alerts: HTTP {Status}")]
    private static partial void LogRefused(ILogger logger, Uri url, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "webhook {Url} unreachable: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, Uri url, string reason);
}
