using System.Text;
using Observability.Alerts.Webhook;

namespace Observability.Alerts.Tests;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void Sign_KnownVector_IsHmacSha256OfTimestampDotBody()
    {
        // What a receiver computes: HMAC-SHA256 over "timestamp.body"; any change to either, or the key, changes it.
        var signature = WebhookNotifier.Sign("key"u8.ToArray(), "1", "{}"u8);
        var expected = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("key"u8.ToArray(), Encoding.UTF8.GetBytes("1.{}")));

        Assert.Equal(expected, signature);
        Assert.NotEqual(signature, WebhookNotifier.Sign("key"u8.ToArray(), "2", "{}"u8));
        Assert.NotEqual(signature, WebhookNotifier.Sign("key"u8.ToArray(), "1", "{ }"u8));
        Assert.NotEqual(signature, WebhookNotifier.Sign("other"u8.ToArray(), "1", "{}"u8));
    }
}
