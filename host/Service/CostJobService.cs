using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Observability.Analytics.Cost;
using Observability.Ingest.Contract;
using Quartz;

namespace Observability.Host.Service;

/// <summary>
/// The hourly cost allocation inside <c>obs run</c>: a Quartz.NET scheduler of its own (the service's host is the
/// slim web host, which knows nothing of jobs), started after the store and shut down before it.
/// </summary>
public sealed class CostJobService : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly IScheduler _scheduler;

    private CostJobService(ServiceProvider provider, IScheduler scheduler)
    {
        _provider = provider;
        _scheduler = scheduler;
    }

    public static async Task<CostJobService?> StartIfEnabledAsync(
        CostOptions? options,
        ICostStore store,
        TimeProvider time,
        ILoggerFactory loggers,
        IBudgetEventSink? budgetEvents,
        CancellationToken cancellationToken)
    {
        if (options is null)
        {
            return null;
        }

        var services = new ServiceCollection();
        if (budgetEvents is not null)
        {
            // Budget and quota events travel with the SLO alerts (Alertmanager, signed webhooks) when alerting is configured.
            services.AddSingleton(budgetEvents);
        }

        var provider = services
            .AddSingleton(loggers)
            .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
            .AddSingleton(time)
            .AddSingleton(store)
            .AddCostAllocation(options)
            .BuildServiceProvider();
        try
        {
            var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken).ConfigureAwait(false);
            await scheduler.Start(cancellationToken).ConfigureAwait(false);
            return new CostJobService(provider, scheduler);
        }
        catch
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _scheduler.Shutdown(waitForJobsToComplete: true).ConfigureAwait(false);
        await _provider.DisposeAsync().ConfigureAwait(false);
    }
}
