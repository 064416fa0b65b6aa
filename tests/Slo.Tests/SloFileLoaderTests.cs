using Observability.Analytics.Slo;
using Observability.Ingest.Contract;

namespace Observability.Slo.Tests;

public sealed class SloFileLoaderTests
{
    private static string Examples => Path.Combine(AppContext.BaseDirectory, "slo-examples");

    [Fact]
    public void Load_RepositoryExamples_AllValid()
    {
        var slos = SloFileLoader.Load([Examples]);

        Assert.Equal(["chat-3b-ttft", "chat-8b-availability", "chat-goodput", "fleet-availability", "trtllm-70b-ttft-histogram"], slos.Select(s => s.Name).Order(StringComparer.Ordinal));
        var goodput = slos.Single(s => s.Name == "chat-goodput");
        Assert.Equal(BudgetingMethod.Timeslices, goodput.Budgeting);
        Assert.Equal(new TimesliceSpec(TimeSpan.FromMinutes(1), 0.95), goodput.Timeslice);
        Assert.Equal((1.0, 0.05, true), (goodput.Query.MaxTtftSeconds, goodput.Query.MaxInterTokenSeconds, goodput.Query.RequireSuccess));
        Assert.Equal(TimeSpan.FromMinutes(2), goodput.Alerting.Rules[0].For);
        var availability = slos.Single(s => s.Name == "chat-8b-availability");
        Assert.True(availability.GroupedByTenant);
        Assert.Equal(0.995, availability.Objective, 1e-12);
        Assert.Equal(BurnRateTable.Default, availability.Alerting.Rules);
        var histogram = slos.Single(s => s.Name == "trtllm-70b-ttft-histogram");
        Assert.Equal((SliSource.ServingHistograms, "ttft_seconds", 1.0), (histogram.Query.Source, histogram.Query.HistogramMetric, histogram.Query.HistogramThreshold));
        Assert.Equal("Europe/Paris", histogram.Window.TimeZone!.Id);
    }

    [Fact]
    public void Load_MalformedFile_ListsEveryProblemWithFileAndField()
    {
        const string text = """
            apiVersion: obs.slo/v2
            kind: SLO
            metadata:
              name: Bad Name
            spec:
              objective: 100.5
              timeWindow: {rolling: 30x}
              budgetingMethod: sometimes
              groupBy: tenant
              indicator:
                kind: latency
                source: servingHistograms
                latency: {metric: ttft}
              alerting:
                burnRates:
                  - {severity: page, longWindow: 5m, shortWindow: 1h, budgetFraction: 2}
              colour: blue
            """;

        var e = Assert.Throws<SloDefinitionException>(() => SloFileLoader.LoadText(text, "bad.yaml"));

        var found = e.Problems.Select(p => (p.File, p.Field)).ToList();
        Assert.All(e.Problems, p => Assert.Equal("bad.yaml", p.File));
        Assert.Contains(("bad.yaml", "apiVersion"), found);
        Assert.Contains(("bad.yaml", "metadata.name"), found);
        Assert.Contains(("bad.yaml", "spec.objective"), found);
        Assert.Contains(("bad.yaml", "spec.timeWindow.rolling"), found);
        Assert.Contains(("bad.yaml", "spec.budgetingMethod"), found);
        Assert.Contains(("bad.yaml", "spec.groupBy"), found);
        Assert.Contains(("bad.yaml", "spec.indicator.latency.threshold"), found);
        Assert.Contains(("bad.yaml", "spec.alerting.burnRates[0].budgetFraction"), found);
        Assert.Contains(("bad.yaml", "spec.colour"), found);
        Assert.Contains("bad.yaml: spec.objective: 100.5 must be a percentage", e.Message, StringComparison.Ordinal);
        Assert.Contains("unknown field (line 17)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SeveralBadFiles_ProblemsOfEveryFileAndDuplicateNames()
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "a.yaml"), "apiVersion: obs.slo/v1\nkind: SLO\nmetadata: {name: x}\nspec: {objective: 99, timeWindow: {rolling: 30d}, indicator: {kind: availability}}\n");
        File.WriteAllText(Path.Combine(dir.Path, "b.yaml"), "apiVersion: obs.slo/v1\nkind: SLO\nmetadata: {name: x}\nspec: {objective: 99, timeWindow: {rolling: 30d}, indicator: {kind: availability}}\n");
        File.WriteAllText(Path.Combine(dir.Path, "c.yml"), "apiVersion: obs.slo/v1\nkind: SLO\nmetadata: {name: y}\nspec: {objective: 99, timeWindow: {calendar: month, timeZone: Mars/Olympus}, indicator: {kind: goodput, source: servingHistograms}}\n");
        File.WriteAllText(Path.Combine(dir.Path, "d.yaml"), "key: [unclosed\n");

        var e = Assert.Throws<SloDefinitionException>(() => SloFileLoader.Load([dir.Path, Path.Combine(dir.Path, "missing.yaml")]));

        var text = e.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains(text, t => t.Contains("b.yaml: metadata.name: 'x' is defined more than once", StringComparison.Ordinal));
        Assert.Contains(text, t => t.Contains("c.yml: spec.timeWindow.timeZone: 'Mars/Olympus' is not a known time zone", StringComparison.Ordinal));
        Assert.Contains(text, t => t.Contains("c.yml: spec.indicator.source: goodput", StringComparison.Ordinal));
        Assert.Contains(text, t => t.Contains("c.yml: spec.indicator.goodput: is required", StringComparison.Ordinal));
        Assert.Contains(text, t => t.Contains("d.yaml: (line", StringComparison.Ordinal) && t.Contains("not valid YAML", StringComparison.Ordinal));
        Assert.Contains(text, t => t.Contains("missing.yaml: (file): no such file", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("500ms", 0.5)]
    [InlineData("28d", 2_419_200)]
    public void Duration_Parses(string text, double seconds)
    {
        Assert.True(SloDuration.TryParse(text, out var value));
        Assert.Equal(seconds, value.TotalSeconds, 1e-9);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("m5")]
    [InlineData("5x")]
    public void Duration_RejectsNonsense(string text) => Assert.False(SloDuration.TryParse(text, out _));

    private sealed class TempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("slo-files-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
