using Observability.Analytics.Slo;
using Observability.Ingest.Contract;
using Quartz;

namespace Microsoft.Extensions.DependencyInjection;

public static class SloServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SLO computation over <paramref name="slos"/> and a Quartz.NET job that evaluates them every
    /// <paramref name="interval"/>. The caller registers <see cref="ISloStore"/>, a <see cref="TimeProvider"/> and the
    /// Quartz hosted service.
    /// </summary>
    public static IServiceCollection AddSloEvaluation(this IServiceCollection services, IReadOnlyList<SloDefinition> slos, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(slos);
        services.AddSingleton<SloBoard>();
        services.AddSingleton<SloMetrics>();
        services.AddSingleton(sp => new SloEvaluator(sp.GetRequiredService<ISloStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SloCycle>();
        services.AddQuartz(q =>
        {
            q.AddJob<SloEvaluationJob>(j => j.WithIdentity(SloEvaluationJob.Key));
            q.AddTrigger(t => t.ForJob(SloEvaluationJob.Key).StartNow().WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever()));
        });
        return services;
    }
}
