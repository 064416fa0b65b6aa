using Microsoft.Extensions.Time.Testing;

namespace Observability.Simulator.Tests;

/// <summary>A simulator on a fake clock that starts at midnight UTC, with random faults off unless asked for.</summary>
internal sealed class TestFleet
{
    public static readonly DateTimeOffset Midnight = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    public TestFleet(FleetOptions? options = null, DateTimeOffset? start = null)
    {
        Clock = new FakeTimeProvider(start ?? Midnight);
        Options = options ?? new FleetOptions { FaultsPerGpuPerDay = 0 };
        Simulator = new FleetSimulator(Options, Clock);
    }

    public FakeTimeProvider Clock { get; }

    public FleetOptions Options { get; }

    public FleetSimulator Simulator { get; }

    public SimulatedEndpoint Dcgm(string node) => Simulator.Endpoints.Single(e => e.Kind == TargetKind.Dcgm && e.Node == node);

    public IEnumerable<SimulatedEndpoint> OfKind(TargetKind kind) => Simulator.Endpoints.Where(e => e.Kind == kind);

    public string Render(SimulatedEndpoint endpoint) => Simulator.RenderText(endpoint);

    /// <summary>Moves the fake clock forward and lets the simulation catch up.</summary>
    public void Run(TimeSpan duration)
    {
        Clock.Advance(duration);
        Simulator.Advance();
    }
}
