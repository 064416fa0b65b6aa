using Quartz;

namespace Observability.Analytics.Slo;

/// <summary>The Quartz.NET job that runs one <see cref="SloCycle"/> round per trigger; overlapping triggers wait.</summary>
[DisallowConcurrentExecution]
public sealed class SloEvaluationJob(SloCycle cycle) : IJob
{
    public static readonly JobKey Key = new("slo-evaluation", "slo");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await cycle.RunOnceAsync(cancellationToken).ConfigureAwait(false);
    }
}
