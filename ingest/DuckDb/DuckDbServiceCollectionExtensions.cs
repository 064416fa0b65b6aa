using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the embedded DuckDB store as the <see cref="ITelemetryStore"/>.</summary>
public static class DuckDbServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="DuckDbTelemetryStore"/> as a singleton <see cref="ITelemetryStore"/>. Options come from
    /// <paramref name="options"/> when given, else from <c>IOptions&lt;DuckDbStoreOptions&gt;</c> (defaults unless the
    /// host binds them). The schema is created on first use; the container disposes the store.
    /// </summary>
    public static IServiceCollection AddDuckDbStore(this IServiceCollection services, DuckDbStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<DuckDbStoreOptions>();
        if (options is not null)
        {
            services.AddSingleton(Options.Options.Create(options));
        }

        services.TryAddSingleton(sp => new DuckDbTelemetryStore(
            sp.GetRequiredService<IOptions<DuckDbStoreOptions>>().Value,
            sp.GetService<TimeProvider>()));
        services.TryAddSingleton<ITelemetryStore>(sp => sp.GetRequiredService<DuckDbTelemetryStore>());
        services.TryAddSingleton<ICostStore>(sp => sp.GetRequiredService<DuckDbTelemetryStore>());
        return services;
    }
}
