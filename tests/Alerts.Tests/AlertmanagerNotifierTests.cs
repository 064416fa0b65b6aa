using Microsoft.Extensions.Logging.Abstractions;
using Observability.Alerts.Alertmanager;
using Observability.Alerts.Model;
using Observability.Alerts.Tests.Support;

namespace Observability.Alerts.Tests;

/// <summary>Against a real Alertmanager 0.25 started on a free loopback port.</summary>
public sealed class AlertmanagerNotifierTests
{
    private static Alert Alert(DateTimeOffset start, DateTimeOffset? end) => new(
        new Dictionary<string, string> { ["alertname"] = "SloErrorBudgetBurn", ["slo"] = "chat", ["severity"] = "page" },
        new Dictionary<string, string> { ["summary"] = "burning" },
        start,
        end);

    [Fact]
    public async Task Send_FiringThenResolved_AlertmanagerShowsItActiveThenDropsIt()
    {
        await using var alertmanager = await AlertmanagerServer.StartAsync();
        using var http = new HttpClient();
        var notifier = new AlertmanagerNotifier(http, alertmanager.Url, new AlertingOptions(), TimeProvider.System, NullLogger<AlertmanagerNotifier>.Instance);
        var start = TimeProvider.System.GetUtcNow().AddMinutes(-10);

        Assert.True(await notifier.SendAsync([Alert(start, null)], default));
        var held = Assert.Single(await alertmanager.GetAlertsAsync());
        Assert.Equal("active", held.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal("chat", held.GetProperty("labels").GetProperty("slo").GetString());
        Assert.Equal(start.ToUnixTimeSeconds(), held.GetProperty("startsAt").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.True(held.GetProperty("endsAt").GetDateTimeOffset() > TimeProvider.System.GetUtcNow().AddMinutes(4)); // active validity

        Assert.True(await notifier.SendAsync([Alert(start, TimeProvider.System.GetUtcNow().AddSeconds(-1))], default));
        Assert.Empty(await alertmanager.GetAlertsAsync());
    }

    [Fact]
    public async Task Send_AlertmanagerDown_ReturnsFalse()
    {
        using var http = new HttpClient();
        var notifier = new AlertmanagerNotifier(http, new Uri($"http://127.0.0.1:{FreePort.Next()}/"), new AlertingOptions(), TimeProvider.System, NullLogger<AlertmanagerNotifier>.Instance);

        Assert.False(await notifier.SendAsync([Alert(TimeProvider.System.GetUtcNow(), null)], default));
    }
}
