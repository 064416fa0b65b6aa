using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Observability.Ingest.Contract;
using Observability.Ingest.Spool;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Puts a <see cref="SpoolingStore"/> in front of the registered <see cref="ITelemetryStore"/>.</summary>
public static class SpoolServiceCollectionExtensions
{
    /// <summary>
    /// Replaces the registered <see cref="ITelemetryStore"/> (register one first, e.g. with <c>AddDuckDbStore</c>) by a
    /// <see cref="SpoolingStore"/> around it, also available as itself. Options come from <paramref name="options"/> when
    /// given, else from <c>IOptions&lt;SpoolOptions&gt;</c>, checked by <see cref="SpoolOptionsValidator"/>. The container
    /// disposes the spooling store (which closes the spool and the store) before the store's own registration.
    /// </summary>
    public static IServiceCollection AddSpool(this IServiceCollection services, SpoolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var store = services.LastOrDefault(d => d.ServiceType == typeof(ITelemetryStore) && !d.IsKeyedService)
            ?? throw new InvalidOperationException($"Register an {nameof(ITelemetryStore)} before calling {nameof(AddSpool)}.");
        services.Remove(store);
        services.AddOptions<SpoolOptions>();
        if (options is not null)
        {
            services.AddSingleton(Options.Options.Create(options));
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SpoolOptions>, SpoolOptionsValidator>());
        services.TryAddSingleton(sp => new SpoolingStore(
            Resolve(sp, store),
            sp.GetRequiredService<IOptions<SpoolOptions>>().Value,
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<SpoolingStore>>(),
            sp.GetService<IMeterFactory>()));
        services.AddSingleton<ITelemetryStore>(sp => sp.GetRequiredService<SpoolingStore>());
        return services;
    }

    private static ITelemetryStore Resolve(IServiceProvider services, ServiceDescriptor store) =>
        (ITelemetryStore)(store.ImplementationInstance
            ?? store.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, store.ImplementationType!));
}
