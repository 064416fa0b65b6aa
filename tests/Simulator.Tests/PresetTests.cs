using Observability.Simulator.Implementation.Rendering;

namespace Observability.Simulator.Tests;

public sealed class PresetTests
{
    [Fact]
    public void Benchmark100k_FullDcgmScrape_ProducesAbout100kSeries()
    {
        var fleet = new TestFleet(FleetPresets.Benchmark100k, TestFleet.Midnight.AddHours(15));
        fleet.Run(TimeSpan.FromSeconds(10));
        var series = 0;
        using var buffer = new PooledBufferWriter();
        foreach (var endpoint in fleet.OfKind(TargetKind.Dcgm))
        {
            buffer.Clear();
            series += fleet.Simulator.Render(endpoint, buffer);
        }

        Assert.InRange(series, 95_000, 110_000);
        Assert.Equal(456, fleet.OfKind(TargetKind.Dcgm).Count());
        Assert.Equal(2_600, fleet.OfKind(TargetKind.Vllm).Count() + fleet.OfKind(TargetKind.Triton).Count());
    }
}
