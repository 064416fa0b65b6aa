using Observability.Analytics.Cost;
using Observability.Host.Service;

namespace Observability.EndToEnd.Tests.Cli;

/// <summary>The <c>Cost</c> section of <c>obs run</c>'s configuration, which turns the hourly allocation job on.</summary>
public sealed class CostConfigTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"obs-costcfg-{Guid.NewGuid():N}");

    public CostConfigTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_CostSectionWithOptionsFile_OptionsReadRelativeToTheConfig()
    {
        File.WriteAllText(Path.Combine(_dir, "cost.json"), """{ "IdlePolicy": "platform", "Deployments": { "inference/chat": { "ShareBasis": "tokens" } } }""");
        var config = ServiceConfigLoader.Load(Write("""{ "Cost": { "Options": "cost.json" } }"""));

        Assert.Equal(IdlePolicy.Platform, config.Cost!.IdlePolicy);
        Assert.Equal(ShareBasis.Tokens, config.Cost.Deployments["inference/chat"].ShareBasis);
    }

    [Fact]
    public void Load_NoCostSection_JobOff() => Assert.Null(ServiceConfigLoader.Load(Write("{}")).Cost);

    [Fact]
    public void Load_BadCostOptions_ReportedWithTheKey()
    {
        File.WriteAllText(Path.Combine(_dir, "cost.json"), """{ "SlotSeconds": 7, "IdlePolicy": "nobody" }""");

        var error = Assert.Throws<ConfigException>(() => ServiceConfigLoader.Load(Write("""{ "Cost": { "Options": "cost.json" } }""")));

        Assert.Contains(error.Problems, p => p.Contains("Cost.Options:", StringComparison.Ordinal));
    }

    private string Write(string json)
    {
        var path = Path.Combine(_dir, "obs.json");
        File.WriteAllText(path, json);
        return path;
    }
}
