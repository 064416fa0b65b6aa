using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Observability.Alerts.Webhook;

namespace Observability.Alerts.Tests.Support;

/// <summary>
/// A real HTTP receiver on a free loopback port that checks each delivery's signature as a subscriber would, and
/// keeps what it received. <see cref="FailNext"/> makes it answer 503 to simulate an outage.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly byte[] _secret;
    private readonly Task _loop;

    public WebhookReceiver(byte[] secret)
    {
        _secret = secret;
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort.Next();
            Url = new Uri($"http://127.0.0.1:{port}/hook/");
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add(Url.ToString());
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 3)
            {
            }
        }

        _loop = Task.Run(LoopAsync);
    }

    public Uri Url { get; private set; }

    /// <summary>Deliveries whose signature verified: each the parsed JSON body.</summary>
    public ConcurrentQueue<JsonElement> Received { get; } = new();

    public int BadSignatures;

    public int FailNext;

    public IReadOnlyList<JsonElement> Alerts => [.. Received.SelectMany(r => r.GetProperty("alerts").EnumerateArray())];

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (HttpListenerException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var bytes = body.ToArray();
            var timestamp = context.Request.Headers[WebhookNotifier.TimestampHeader] ?? string.Empty;
            var signature = context.Request.Headers[WebhookNotifier.SignatureHeader] ?? string.Empty;
            if (Interlocked.Decrement(ref FailNext) >= 0)
            {
                context.Response.StatusCode = 503;
            }
            else if (signature != WebhookNotifier.Sign(_secret, timestamp, bytes))
            {
                Interlocked.Increment(ref BadSignatures);
                context.Response.StatusCode = 401;
            }
            else
            {
                Received.Enqueue(JsonDocument.Parse(bytes).RootElement.Clone());
                context.Response.StatusCode = 204;
            }

            context.Response.Close();
        }
    }
}
