using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Observability.Simulator;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the fleet simulator and its loopback server as a hosted service.</summary>
public static class SimulatorServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="FleetSimulator"/> built from <paramref name="options"/> and a
    /// <see cref="SimulatorServer"/> on 127.0.0.1:<paramref name="port"/> that starts with the host.
    /// Uses the registered <see cref="TimeProvider"/>, else the system clock. Invalid options fail
    /// when the simulator is first resolved (at host start), listing every problem.
    /// </summary>
    public static IServiceCollection AddFleetSimulator(this IServiceCollection services, FleetOptions options, int port = 0)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new FleetSimulator(options, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SimulatorServer(sp.GetRequiredService<FleetSimulator>(), port));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<SimulatorServer>());
        return services;
    }
}
