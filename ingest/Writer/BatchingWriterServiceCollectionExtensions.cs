using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Observability.Ingest.Contract;
using Observability.Ingest.Writer;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <see cref="BatchingWriter"/> in front of the registered <see cref="ITelemetryStore"/>.</summary>
public static class BatchingWriterServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="BatchingWriter"/> singleton, also as the <see cref="IRowSink"/> collectors write to. Options
    /// come from <paramref name="options"/> when given, else from <c>IOptions&lt;BatchingWriterOptions&gt;</c>, checked by
    /// <see cref="BatchingWriterOptionsValidator"/>. The container disposes the writer before the store it depends on,
    /// so buffered rows are flushed at shutdown. Uses <see cref="TimeProvider"/>, <see cref="IMeterFactory"/> and
    /// logging from the container when registered.
    /// </summary>
    public static IServiceCollection AddBatchingWriter(this IServiceCollection services, BatchingWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<BatchingWriterOptions>();
        if (options is not null)
        {
            services.AddSingleton(Options.Options.Create(options));
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BatchingWriterOptions>, BatchingWriterOptionsValidator>());
        services.TryAddSingleton(sp => new BatchingWriter(
            sp.GetRequiredService<ITelemetryStore>(),
            sp.GetRequiredService<IOptions<BatchingWriterOptions>>().Value,
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<BatchingWriter>>(),
            sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<IRowSink>(sp => sp.GetRequiredService<BatchingWriter>());
        return services;
    }
}
