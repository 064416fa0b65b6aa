using Microsoft.Extensions.Options;

namespace Observability.Simulator.Tests;

public sealed class FleetOptionsValidatorTests
{
    [Fact]
    public void Validate_DefaultsAndPresets_Succeed()
    {
        var validator = new FleetOptionsValidator();

        Assert.True(validator.Validate(null, new FleetOptions()).Succeeded);
        Assert.True(validator.Validate(null, FleetPresets.Small).Succeeded);
        Assert.True(validator.Validate(null, FleetPresets.Benchmark100k).Succeeded, string.Join("\n", validator.Validate(null, FleetPresets.Benchmark100k).Failures ?? []));
    }

    [Fact]
    public void Validate_ManyProblems_ReportsEveryOneByName()
    {
        var options = new FleetOptions
        {
            Nodes = 0,
            DiurnalAmplitude = 1.5,
            Step = TimeSpan.Zero,
            MigProfiles = ["3g.40gb", "9g.90gb"],
            Models = [new ModelOptions { Name = "m", Replicas = 0 }, new ModelOptions { Name = "m" }],
            Tenants = [new TenantOptions { Name = "t", ModelWeights = new Dictionary<string, double> { ["ghost"] = 1 } }],
        };

        var failures = new FleetOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("Nodes", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("DiurnalAmplitude", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Step", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MigProfiles[1]", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Models[0] (m): Replicas", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Models[1] (m): Name is used twice", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("unknown model 'ghost'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("no tenant sends traffic to model 'm'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ModelsThatDoNotFit_ReportsEachModel()
    {
        var options = new FleetOptions
        {
            Models =
            [
                new ModelOptions { Name = "a", Replicas = 9 },
                new ModelOptions { Name = "b", UseMig = true, Replicas = 5 },
            ],
            Tenants = [new TenantOptions { Name = "t", ModelWeights = new Dictionary<string, double> { ["a"] = 1, ["b"] = 1 } }],
        };

        var failures = new FleetOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains("Models[0] (a): 2 of 9 replicas cannot be placed; each needs 1 free GPU(s) on one node.", failures);
        Assert.Contains("Models[1] (b): 1 of 5 replicas cannot be placed; each needs a free MIG instance.", failures);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsWithAllFailures()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();

        var error = Assert.Throws<OptionsValidationException>(() => new FleetSimulator(new FleetOptions { Nodes = 0, Seed = 1, GpusPerNode = 99 }, clock));

        Assert.Equal(2, error.Failures.Count());
    }
}
