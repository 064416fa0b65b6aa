using Microsoft.Extensions.Time.Testing;
using Observability.Ingest.Contract;
using Observability.Slo.Tests.Support;

namespace Observability.Slo.Tests;

/// <summary>The alert-state part of the store contract, on every store.</summary>
[Collection(ClickHouseCollection.Name)]
public sealed class AlertStateStoreTests(ClickHouseFixture clickHouse)
{
    private static readonly DateTime T0 = new(2026, 10, 20, 12, 0, 0, DateTimeKind.Utc);

    public static TheoryData<string> Stores => TestStores.Names;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Save_UpsertsReplaceAndDeletesRemove_LoadSeesTheNewest(string storeName)
    {
        var time = new FakeTimeProvider(T0);
        await using var store = await TestStores.OpenAsync(storeName, time, clickHouse);
        var pending = new AlertStateRow("k1", "pending", "{\"slo\":\"a\"}", "{}", T0, null, null, null);
        var other = new AlertStateRow("k2", "firing", "{\"slo\":\"b \\\"quoted\\\"\\n\"}", "{\"summary\":\"x\"}", T0.AddTicks(10), T0.AddSeconds(1), null, T0.AddSeconds(2));

        await store.Alerts.SaveAlertStatesAsync([pending, other], [], default);
        time.Advance(TimeSpan.FromSeconds(1));
        var firing = pending with { State = "firing", FiredAt = T0.AddMinutes(1), LastSentAt = T0.AddMinutes(1) };
        await store.Alerts.SaveAlertStatesAsync([firing], [], default);
        Assert.Equal([firing, other], await store.Alerts.LoadAlertStatesAsync(default));

        // Deleted and re-added in the same instant (a fake clock does not move): the newest save still wins.
        await store.Alerts.SaveAlertStatesAsync([], ["k2"], default);
        Assert.Equal([firing], await store.Alerts.LoadAlertStatesAsync(default));
        var resolved = firing with { State = "resolved", ResolvedAt = T0.AddMinutes(5) };
        await store.Alerts.SaveAlertStatesAsync([resolved], [], default);
        Assert.Equal([resolved], await store.Alerts.LoadAlertStatesAsync(default));
        await store.Alerts.SaveAlertStatesAsync([], ["k1"], default);
        Assert.Empty(await store.Alerts.LoadAlertStatesAsync(default));
    }
}
