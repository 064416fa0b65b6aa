namespace Observability.Simulator.Tests;

public sealed class DiurnalTests
{
    [Fact]
    public void Advance_SimulatedDayOnFakeClock_OutputSwingsWithTimeOfDay()
    {
        var fleet = new TestFleet();
        var tokensPerHour = new double[24];
        var energyPerHour = new double[24];
        var (tokens, energy) = Read(fleet);
        for (var hour = 0; hour < 24; hour++)
        {
            fleet.Clock.Advance(TimeSpan.FromHours(1));
            var (t, e) = Read(fleet);
            tokensPerHour[hour] = t - tokens;
            energyPerHour[hour] = e - energy;
            (tokens, energy) = (t, e);
        }

        // Peak at 15:00 UTC by default, trough twelve hours away.
        var busiest = Array.IndexOf(tokensPerHour, tokensPerHour.Max());
        var quietest = Array.IndexOf(tokensPerHour, tokensPerHour.Min());
        Assert.InRange(busiest, 12, 17);
        Assert.True(quietest <= 5 || quietest >= 23, $"quietest hour {quietest}");
        Assert.True(tokensPerHour.Max() > 3 * tokensPerHour.Min(), $"tokens/h {tokensPerHour.Min()}..{tokensPerHour.Max()}");

        // The GPUs follow the tokens: energy drawn at the peak clearly exceeds the night's.
        Assert.True(energyPerHour[busiest] > 1.3 * energyPerHour[quietest], $"energy {energyPerHour[quietest]} vs {energyPerHour[busiest]}");
    }

    [Fact]
    public void GetGroundTruth_BusyTimeOfServingGpus_GrowsWithTheirTokens()
    {
        var night = new TestFleet(start: TestFleet.Midnight.AddHours(2));
        var afternoon = new TestFleet(start: TestFleet.Midnight.AddHours(14));
        night.Run(TimeSpan.FromHours(1));
        afternoon.Run(TimeSpan.FromHours(1));
        var quiet = night.Simulator.GetGroundTruth();
        var busy = afternoon.Simulator.GetGroundTruth();

        const string Model = "meta-llama/Llama-3.1-8B-Instruct";
        Assert.True(busy.GenerationTokens(Model) > 2 * quiet.GenerationTokens(Model));
        Assert.True(busy.GpuSeconds(Model) > 1.1 * quiet.GpuSeconds(Model));
        Assert.True(quiet.GpuSeconds(Model) > 0);
    }

    private static (double Tokens, double EnergyMj) Read(TestFleet fleet)
    {
        var serving = fleet.Simulator.Endpoints.Where(e => e.Kind != TargetKind.Dcgm).SelectMany(e => PromText.Parse(fleet.Render(e))).ToList();
        var tokens = PromText.Sum(serving, "vllm:generation_tokens_total") + PromText.Sum(serving, "nv_llm_output_token_len_sum");
        var energy = PromText.Sum(PromText.Parse(fleet.Render(fleet.Dcgm("gpu-node-0"))), "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION");
        return (tokens, energy);
    }
}
