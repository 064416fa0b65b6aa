using Observability.Alerts.State;
using Observability.Alerts.Tests.Support;
using static Observability.Alerts.Tests.Support.Harness;

namespace Observability.Alerts.Tests;

public sealed class AlertStateMachineTests
{
    [Fact]
    public async Task Step_ConditionHoldsForItsDuration_PendingThenFiringThenResolved()
    {
        await using var h = await StartAsync();
        var start = h.Time.GetUtcNow();

        await h.StepAsync(Condition(true, forDuration: TimeSpan.FromMinutes(2)));
        Assert.Equal(AlertPhase.Pending, (await h.Machine.GetStatesAsync(default)).Single().Phase);
        Assert.Empty(h.Receiver.Alerts);

        h.Time.Advance(TimeSpan.FromMinutes(2));
        await h.StepAsync(Condition(true, forDuration: TimeSpan.FromMinutes(2)));
        var firing = Assert.Single(h.Receiver.Alerts);
        Assert.Equal("firing", firing.GetProperty("status").GetString());
        Assert.Equal(start, firing.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal("acme", firing.GetProperty("labels").GetProperty("tenant").GetString());

        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.StepAsync(Condition(true, forDuration: TimeSpan.FromMinutes(2)));
        Assert.Single(h.Receiver.Alerts); // not due for a resend yet

        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.StepAsync(Condition(true, forDuration: TimeSpan.FromMinutes(2)));
        Assert.Equal(2, h.Receiver.Alerts.Count); // re-sent while active

        h.Time.Advance(TimeSpan.FromMinutes(1));
        var resolvedAt = h.Time.GetUtcNow();
        await h.StepAsync(Condition(false));
        var resolved = h.Receiver.Alerts[^1];
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        Assert.Equal(resolvedAt, resolved.GetProperty("endsAt").GetDateTimeOffset());
        Assert.Equal(start, resolved.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Empty(await h.Machine.GetStatesAsync(default));
        Assert.Empty(await h.Store.LoadAlertStatesAsync(default));
        Assert.Equal(0, h.Receiver.BadSignatures);
        Assert.Equal((1, 1, 1), (h.Meters.Value("alerts.transitions{state=pending}"), h.Meters.Value("alerts.transitions{state=firing}"), h.Meters.Value("alerts.transitions{state=resolved}")));
        Assert.Equal(0, h.Meters.Value("alerts.active{state=firing}"));
    }

    [Fact]
    public async Task Step_ConditionClearsWhilePending_NothingIsSent()
    {
        await using var h = await StartAsync();

        await h.StepAsync(Condition(true, forDuration: TimeSpan.FromMinutes(5)));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.StepAsync(Condition(false));

        Assert.Empty(await h.Machine.GetStatesAsync(default));
        Assert.Empty(h.Receiver.Alerts);
    }

    [Fact]
    public async Task Restart_WhileFiring_KeepsTheAlertWithoutRaisingItAgain()
    {
        await using var h = await StartAsync();
        var start = h.Time.GetUtcNow();
        await h.StepAsync(Condition(true));
        Assert.Single(h.Receiver.Alerts);

        await h.RestartAsync();
        h.Time.Advance(TimeSpan.FromSeconds(20));
        await h.StepAsync(Condition(true));

        var state = Assert.Single(await h.Machine.GetStatesAsync(default));
        Assert.Equal((AlertPhase.Firing, start.UtcDateTime), (state.Phase, state.ActiveSince));
        Assert.Single(h.Receiver.Alerts); // the restart did not send it again before its resend was due

        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.RestartAsync();
        await h.StepAsync(Condition(false));
        Assert.Equal(["firing", "resolved"], h.Receiver.Alerts.Select(a => a.GetProperty("status").GetString()));
        Assert.All(h.Receiver.Alerts, a => Assert.Equal(start, a.GetProperty("startsAt").GetDateTimeOffset()));
    }

    [Fact]
    public async Task Restart_WhilePending_KeepsCountingTheForDurationFromTheFirstStep()
    {
        await using var h = await StartAsync();
        await h.StepAsync(Condition(true, forDuration: TimeSpan.FromMinutes(2)));
        await h.RestartAsync();
        h.Time.Advance(TimeSpan.FromMinutes(2));

        await h.StepAsync(Condition(true, forDuration: TimeSpan.FromMinutes(2)));

        Assert.Single(h.Receiver.Alerts);
    }

    [Fact]
    public async Task Delivery_ReceiverDown_KeptAndSentOnTheNextStep()
    {
        await using var h = await StartAsync();
        h.Receiver.FailNext = 1;

        await h.StepAsync(Condition(true));
        Assert.Empty(h.Receiver.Alerts);
        Assert.Null((await h.Machine.GetStatesAsync(default)).Single().LastSentAt);

        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.StepAsync(Condition(true));
        Assert.Single(h.Receiver.Alerts);

        Assert.Equal(1, h.Meters.Value("alerts.notifications{notifier=webhook,outcome=error}"));
        Assert.Equal(1, h.Meters.Value("alerts.notifications{notifier=webhook,outcome=ok}"));
        Assert.Equal(1, h.Meters.Value("alerts.active{state=firing}"));

        h.Receiver.FailNext = 1;
        await h.StepAsync(Condition(false));
        Assert.Equal(AlertPhase.Resolved, (await h.Machine.GetStatesAsync(default)).Single().Phase); // kept until delivered
        Assert.Equal(1, h.Meters.Value("alerts.active{state=resolved}"));
        await h.RestartAsync();
        await h.StepAsync(Condition(false));
        Assert.Equal("resolved", h.Receiver.Alerts[^1].GetProperty("status").GetString());
        Assert.Empty(await h.Machine.GetStatesAsync(default));
    }

    [Fact]
    public async Task Step_AlertNoLongerEvaluated_ResolvesWhenCovered()
    {
        await using var h = await StartAsync();
        await h.StepAsync(Condition(true, tenant: "acme"), Condition(true, tenant: "globex"));

        await h.Machine.StepAsync([Condition(true, tenant: "acme")], s => s.Labels["tenant"] == "globex", default);

        Assert.Equal(["acme"], (await h.Machine.GetStatesAsync(default)).Select(s => s.Labels["tenant"]));
        Assert.Equal("resolved", h.Receiver.Alerts[^1].GetProperty("status").GetString());
        Assert.Equal("globex", h.Receiver.Alerts[^1].GetProperty("labels").GetProperty("tenant").GetString());
    }
}
