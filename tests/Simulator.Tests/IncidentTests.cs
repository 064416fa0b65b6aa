namespace Observability.Simulator.Tests;

public sealed class IncidentTests
{
    private const string Small = "meta-llama/Llama-3.1-8B-Instruct";

    private static TestFleet Fleet(params IncidentSpec[] incidents) => new(
        new FleetOptions { FaultsPerGpuPerDay = 0, ScheduledIncidents = incidents, RequestEventCapacity = 1_000_000 },
        TestFleet.Midnight.AddHours(15));

    [Fact]
    public void LatencyRegression_SlowsOnlyItsModelAndOnlyWhileActive()
    {
        var fleet = Fleet(new IncidentSpec(IncidentKind.LatencyRegression, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), 4, Model: Small));
        fleet.Run(TimeSpan.FromMinutes(30));
        var events = fleet.Simulator.DrainRequestEvents().Where(e => e.TimeToFirstTokenSeconds is not null).ToList();
        var start = TestFleet.Midnight.AddHours(15);

        double MeanTtft(string model, int fromMinute, int toMinute) => events
            .Where(e => e.Model == model && e.Arrival >= start.AddMinutes(fromMinute) && e.Arrival < start.AddMinutes(toMinute))
            .Average(e => e.TimeToFirstTokenSeconds!.Value);

        Assert.True(MeanTtft(Small, 12, 18) > 2.5 * MeanTtft(Small, 0, 9));
        Assert.True(MeanTtft(Small, 22, 30) < 1.5 * MeanTtft(Small, 0, 9));
        Assert.True(MeanTtft("llama3-70b-trtllm", 12, 18) < 1.5 * MeanTtft("llama3-70b-trtllm", 0, 9));
    }

    [Fact]
    public void TenantErrorSpike_FailsThatTenantsRequestsOnly()
    {
        var fleet = Fleet(new IncidentSpec(IncidentKind.TenantErrorSpike, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), 0.5, Tenant: "globex"));
        fleet.Run(TimeSpan.FromMinutes(20));
        var start = TestFleet.Midnight.AddHours(15);
        var during = fleet.Simulator.DrainRequestEvents()
            .Where(e => e.Arrival >= start.AddMinutes(6) && e.Arrival < start.AddMinutes(14))
            .ToList();

        double FailedShare(string tenant) => during.Where(e => e.Tenant == tenant).Average(e => e.Status == RequestStatus.Failed ? 1.0 : 0.0);

        Assert.InRange(FailedShare("globex"), 0.4, 0.6);
        Assert.True(FailedShare("acme") < 0.02);
        Assert.True(FailedShare("initech") < 0.02);
    }

    [Fact]
    public void Validator_BadIncidents_ListsEach()
    {
        var options = new FleetOptions
        {
            ScheduledIncidents =
            [
                new IncidentSpec(IncidentKind.LatencyRegression, TimeSpan.Zero, TimeSpan.Zero, 0.5, Model: "nope"),
                new IncidentSpec(IncidentKind.TenantErrorSpike, TimeSpan.Zero, TimeSpan.FromMinutes(1), 2, Tenant: "nobody"),
            ],
        };

        var result = new FleetOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.Contains("ScheduledIncidents[0]: After", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("ScheduledIncidents[0]: model 'nope'", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("ScheduledIncidents[0]: Magnitude", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("ScheduledIncidents[1]: tenant 'nobody'", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("ScheduledIncidents[1]: Magnitude", StringComparison.Ordinal));
    }
}
