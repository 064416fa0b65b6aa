namespace Observability.Simulator.Tests;

public sealed class DeterminismTests
{
    [Fact]
    public void Render_SameSeedDifferentScrapeTimes_IdenticalState()
    {
        var often = new TestFleet();
        var once = new TestFleet();
        for (var i = 0; i < 60; i++)
        {
            often.Run(TimeSpan.FromSeconds(7.3));
        }

        once.Run(TimeSpan.FromSeconds(60 * 7.3));

        Assert.All(often.Simulator.Endpoints.Zip(once.Simulator.Endpoints), pair =>
            Assert.Equal(often.Render(pair.First), once.Render(pair.Second)));
    }

    [Fact]
    public void Render_DifferentSeed_DifferentOutput()
    {
        var a = new TestFleet(new FleetOptions { FaultsPerGpuPerDay = 0, Seed = 1 });
        var b = new TestFleet(new FleetOptions { FaultsPerGpuPerDay = 0, Seed = 2 });
        a.Run(TimeSpan.FromMinutes(5));
        b.Run(TimeSpan.FromMinutes(5));

        Assert.NotEqual(a.Render(a.Dcgm("gpu-node-0")), b.Render(b.Dcgm("gpu-node-0")));
    }
}
