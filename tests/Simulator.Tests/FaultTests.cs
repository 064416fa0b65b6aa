namespace Observability.Simulator.Tests;

public sealed class FaultTests
{
    [Fact]
    public void InjectFault_Xid_ShowsCodeOnTheGpuAndItsMigInstancesUntilItEnds()
    {
        var fleet = new TestFleet();
        fleet.Run(TimeSpan.FromMinutes(1));

        fleet.Simulator.InjectFault("gpu-node-1", 3, FaultKind.Xid, TimeSpan.FromMinutes(5), xidCode: 48);
        var during = Xids(fleet);
        fleet.Run(TimeSpan.FromMinutes(6));
        var after = Xids(fleet);

        Assert.Equal(5, during.Count(s => s.Value == 48));
        Assert.All(during.Where(s => s.Value == 48), s => Assert.Equal("3", s.Label("gpu")));
        Assert.All(during.Where(s => s.Label("gpu") != "3"), s => Assert.Equal(0, s.Value));
        Assert.All(after, s => Assert.Equal(0, s.Value));
        Assert.Contains(fleet.Simulator.GetGroundTruth().Faults, f => f is { Kind: FaultKind.Xid, XidCode: 48, Node: "gpu-node-1", Gpu: 3 });
    }

    [Fact]
    public void InjectFault_Throttle_SetsClockEventBitmaskAndLowersSmClock()
    {
        var fleet = new TestFleet(start: TestFleet.Midnight.AddHours(15));
        fleet.Run(TimeSpan.FromMinutes(1));

        fleet.Simulator.InjectFault("gpu-node-0", 0, FaultKind.Throttle, TimeSpan.FromMinutes(10));
        fleet.Run(TimeSpan.FromSeconds(30));
        var samples = PromText.Parse(fleet.Render(fleet.Dcgm("gpu-node-0")));

        double Gpu(string name, string gpu) => samples.Single(s => s.Name == name && s.Label("gpu") == gpu).Value;
        Assert.Equal(0x28, Gpu("DCGM_FI_DEV_CLOCKS_EVENT_REASONS", "0"));
        Assert.True(Gpu("DCGM_FI_DEV_SM_CLOCK", "0") < 0.5 * 1980);
        Assert.Equal(0, (long)Gpu("DCGM_FI_DEV_CLOCKS_EVENT_REASONS", "1") & 0x28);
        Assert.Equal(1980, Gpu("DCGM_FI_DEV_SM_CLOCK", "1"));
    }

    [Fact]
    public void InjectFault_Disappear_DropsTheGpuAndStopsItsReplica()
    {
        var fleet = new TestFleet(start: TestFleet.Midnight.AddHours(15));
        fleet.Run(TimeSpan.FromMinutes(1));

        fleet.Simulator.InjectFault("gpu-node-0", 0, FaultKind.Disappear, TimeSpan.FromMinutes(10));
        var first = Tokens(fleet);
        fleet.Run(TimeSpan.FromMinutes(5));
        var second = Tokens(fleet);
        var dcgm = PromText.Parse(fleet.Render(fleet.Dcgm("gpu-node-0")));

        Assert.DoesNotContain(dcgm, s => s.Label("gpu") == "0");
        Assert.Contains(dcgm, s => s.Label("gpu") == "1");
        Assert.Equal(first[0], second[0]);
        Assert.True(second[1] > first[1]);
        Assert.Contains(fleet.Simulator.GetGroundTruth().Faults, f => f is { Kind: FaultKind.Disappear, Gpu: 0 });
    }

    [Fact]
    public void ScheduledFault_AtItsOffset_StartsAndEnds()
    {
        var options = new FleetOptions
        {
            FaultsPerGpuPerDay = 0,
            ScheduledFaults = [new FaultSpec("gpu-node-1", 0, FaultKind.Throttle, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(15))],
        };
        var fleet = new TestFleet(options);

        fleet.Run(TimeSpan.FromMinutes(29));
        var before = Reasons(fleet);
        fleet.Run(TimeSpan.FromMinutes(2));
        var during = Reasons(fleet);
        fleet.Run(TimeSpan.FromMinutes(15));
        var after = Reasons(fleet);

        Assert.NotEqual(0x28, before);
        Assert.Equal(0x28, during);
        Assert.NotEqual(0x28, after);
    }

    [Fact]
    public void Advance_WithRandomFaults_RecordsThemInGroundTruth()
    {
        var fleet = new TestFleet(new FleetOptions { FaultsPerGpuPerDay = 12, FaultDuration = TimeSpan.FromMinutes(3) });
        fleet.Run(TimeSpan.FromHours(6));
        var faults = fleet.Simulator.GetGroundTruth().Faults;

        // 8 GPUs x 12 a day x a quarter of a day = 24 expected.
        Assert.InRange(faults.Count, 8, 50);
        Assert.Contains(faults, f => f.Kind == FaultKind.Xid && f.XidCode > 0);
        Assert.All(faults, f => Assert.Equal(TimeSpan.FromMinutes(3), f.End - f.Start));
    }

    private static List<PromSample> Xids(TestFleet fleet) =>
        PromText.Parse(fleet.Render(fleet.Dcgm("gpu-node-1"))).Where(s => s.Name == "DCGM_FI_DEV_XID_ERRORS").ToList();

    private static double Reasons(TestFleet fleet) =>
        PromText.Parse(fleet.Render(fleet.Dcgm("gpu-node-1"))).Single(s => s.Name == "DCGM_FI_DEV_CLOCKS_EVENT_REASONS" && s.Label("gpu") == "0").Value;

    private static double[] Tokens(TestFleet fleet) =>
    [
        .. fleet.OfKind(TargetKind.Vllm).Take(2)
            .Select(e => PromText.Sum(PromText.Parse(fleet.Render(e)), "vllm:generation_tokens_total")),
    ];
}
