using Observability.Alerts.Rules;
using Observability.Analytics.Slo;

namespace Observability.Alerts.Tests;

public sealed class BurnRateRulesTests
{
    private static readonly TimeSpan M5 = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan M30 = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan H1 = TimeSpan.FromHours(1);
    private static readonly TimeSpan H2 = TimeSpan.FromHours(2);
    private static readonly TimeSpan H6 = TimeSpan.FromHours(6);
    private static readonly TimeSpan D1 = TimeSpan.FromDays(1);
    private static readonly TimeSpan D3 = TimeSpan.FromDays(3);

    private static SloDefinition Slo(double minEvents = 0, bool grouped = true) => SloFileLoader.LoadText(
        $"apiVersion: obs.slo/v1\nkind: SLO\nmetadata: {{name: chat, labels: {{team: infra}}}}\nspec:\n  service: chat\n  objective: 99.9\n" +
        $"  timeWindow: {{rolling: 30d}}\n{(grouped ? "  groupBy: tenant\n" : string.Empty)}  indicator: {{kind: availability}}\n  alerting: {{minEvents: {minEvents}}}\n",
        "chat.yaml").Single();

    /// <summary>An evaluation where every window has 1,000 events and the given burn rates (others 0).</summary>
    private static SloEvaluation Evaluation(SloDefinition slo, TimeSpan period, params (TimeSpan Window, double Burn)[] burns)
    {
        var windows = BurnRateTable.ReportedWindows
            .Select(w => new BurnWindow(w, 1000, 1000, burns.Where(b => b.Window == w).Select(b => b.Burn).DefaultIfEmpty(0).First()))
            .ToList();
        return new SloEvaluation(slo, DateTime.UnixEpoch, period, [new SloGroupResult("acme", 1000, 990, 0.99, 0.5, windows)]);
    }

    private static Dictionary<string, bool> Active(SloEvaluation evaluation) =>
        BurnRateRules.Evaluate(evaluation).ToDictionary(c => c.Labels["severity"], c => c.Active);

    [Fact]
    public void Evaluate_Both1hAnd5mAbove14_4_Pages()
    {
        var active = Active(Evaluation(Slo(), TimeSpan.FromDays(30), (H1, 14.5), (M5, 20)));

        Assert.True(active["page"]);
        Assert.False(active["ticket"]);
    }

    [Fact]
    public void Evaluate_OnlyTheLongWindowAbove_DoesNotPage()
    {
        // The short window is what makes an alert stop soon after the burning stops.
        var active = Active(Evaluation(Slo(), TimeSpan.FromDays(30), (H1, 20), (M5, 14.3)));

        Assert.False(active["page"]);
    }

    [Fact]
    public void Evaluate_28DayPeriod_UsesItsOwnLowerFactor()
    {
        // 13.5 is below 30 d's 14.4 but above 28 d's 13.44.
        Assert.False(Active(Evaluation(Slo(), TimeSpan.FromDays(30), (H1, 13.5), (M5, 13.5)))["page"]);
        Assert.True(Active(Evaluation(Slo(), TimeSpan.FromDays(28), (H1, 13.5), (M5, 13.5)))["page"]);
    }

    [Fact]
    public void Evaluate_SlowBurnOver3dAnd6h_Tickets()
    {
        var active = Active(Evaluation(Slo(), TimeSpan.FromDays(30), (D3, 1.2), (H6, 1.5)));

        Assert.Equal((false, true), (active["page"], active["ticket"]));
    }

    [Fact]
    public void Evaluate_6hAnd30mAbove6_Pages()
    {
        Assert.True(Active(Evaluation(Slo(), TimeSpan.FromDays(30), (H6, 6.5), (M30, 7)))["page"]);
        Assert.True(Active(Evaluation(Slo(), TimeSpan.FromDays(30), (D1, 3.5), (H2, 4)))["ticket"]);
    }

    [Fact]
    public void Evaluate_FewerEventsThanTheGuard_NeverActive()
    {
        var evaluation = Evaluation(Slo(minEvents: 5000), TimeSpan.FromDays(30), (H1, 100), (M5, 100));

        Assert.False(Active(evaluation)["page"]);
    }

    [Fact]
    public void Evaluate_LabelsAreStableAndAnnotationsExplain()
    {
        var condition = BurnRateRules.Evaluate(Evaluation(Slo(), TimeSpan.FromDays(30), (H1, 20), (M5, 30))).Single(c => c.Labels["severity"] == "page");

        Assert.Equal(
            new Dictionary<string, string> { ["alertname"] = "SloErrorBudgetBurn", ["slo"] = "chat", ["severity"] = "page", ["service"] = "chat", ["tenant"] = "acme", ["team"] = "infra" },
            condition.Labels);
        Assert.Equal("chat for tenant acme is burning its error budget at 20× over 1h and 30× over 5m (threshold 14.4×)", condition.Annotations["summary"]);
        Assert.DoesNotContain("tenant", BurnRateRules.Evaluate(Evaluation(Slo(grouped: false), TimeSpan.FromDays(30))).First().Labels.Keys);
    }
}
