namespace Observability.Simulator.Implementation.Rendering;

/// <summary>Writes one endpoint's /metrics page from the current simulation state (called under the simulator's lock).</summary>
internal interface IEndpointRenderer
{
    void Render(MetricWriter writer, DateTimeOffset now);
}
