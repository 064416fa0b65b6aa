using Microsoft.Extensions.DependencyInjection.Extensions;
using Observability.Analytics.Cost;
using Observability.Ingest.Contract;
using Quartz;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers cost attribution and its hourly Quartz.NET job.</summary>
public static class CostServiceCollectionExtensions
{
    /// <summary>Five minutes past every hour, so the hour's last scrapes and request events have landed.</summary>
    public const string HourlyCron = "0 5 * * * ?";

    /// <summary>
    /// Adds the allocation runner (over the registered <see cref="ICostStore"/>) and the hourly job, durable so it can
    /// also be fired on demand through the scheduler. The host adds Quartz's hosted service (or starts the scheduler).
    /// </summary>
    public static IServiceCollection AddCostAllocation(this IServiceCollection services, CostOptions options, string cron = HourlyCron)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid cost options: " + string.Join("; ", problems), nameof(options));
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.TryAddSingleton(sp => new CostMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton(sp => new CostAllocationRunner(
            sp.GetRequiredService<ICostStore>(), options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<CostMetrics>(),
            sp.GetService<IBudgetEventSink>()));
        services.AddQuartz(q =>
        {
            q.AddJob<CostAllocationJob>(j => j.WithIdentity(CostAllocationJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(CostAllocationJob.Key).WithIdentity("cost-allocation-hourly", "cost").WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.Utc)));
        });
        return services;
    }
}
