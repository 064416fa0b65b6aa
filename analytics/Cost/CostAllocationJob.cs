using Microsoft.Extensions.Logging;
using Observability.Ingest.Contract;
using Quartz;
using TimeRange = Observability.Ingest.Contract.TimeRange;

namespace Observability.Analytics.Cost;

/// <summary>
/// The hourly allocation (Quartz.NET). A scheduled firing (re)allocates the last <see cref="CostOptions.JobLookbackHours"/>
/// complete hours, so rows that arrived late are picked up; an on-demand firing may name its own range with
/// <see cref="FromKey"/> and <see cref="ToKey"/> (ISO-8601 UTC, whole hours) in the trigger's data.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class CostAllocationJob(CostAllocationRunner runner, CostOptions options, TimeProvider time, ILogger<CostAllocationJob> logger) : IJob
{
    public static readonly JobKey Key = new("cost-allocation", "cost");
    public const string FromKey = "from";
    public const string ToKey = "to";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var range = RangeOf(context.MergedJobDataMap);
        try
        {
            var result = await runner.RunAsync(range, cancellationToken).ConfigureAwait(false);
            LogAllocated(logger, range.From, range.To, result.Lines, result.Charged, result.PriceBookVersion);
            foreach (var b in result.Budgets)
            {
                LogBudget(logger, b.Tenant, b.Measure.ToString(), b.MonthToDate, b.Limit, b.ForecastMonthEnd);
            }

            if (result.Unpriced.Count > 0)
            {
                LogUnpriced(logger, result.Unpriced.Sum(u => u.GpuHours), string.Join(", ", result.Unpriced.Select(u => u.ModelName).Distinct()));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, e, range.From, range.To);
            throw new JobExecutionException(e);
        }
    }

    private TimeRange RangeOf(JobDataMap data)
    {
        if (data.TryGetString(FromKey, out var from) && data.TryGetString(ToKey, out var to) && from is not null && to is not null)
        {
            return new TimeRange(
                DateTime.Parse(from, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal),
                DateTime.Parse(to, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var end = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc);
        return new TimeRange(end.AddHours(-options.JobLookbackHours), end);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "cost allocation [{From:O}, {To:O}): {Lines} lines, {Charged} charged, price book v{Version}")]
    private static partial void LogAllocated(ILogger logger, DateTime from, DateTime to, int lines, decimal charged, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "budget {Tenant} {Measure}: {MonthToDate} of {Limit} so far, forecast {Forecast} at month end")]
    private static partial void LogBudget(ILogger logger, string tenant, string measure, decimal monthToDate, decimal limit, decimal forecast);

    [LoggerMessage(Level = LogLevel.Warning, Message = "cost allocation: {GpuHours} GPU-hours have no price (modelName: {ModelNames}); add them to the price book")]
    private static partial void LogUnpriced(ILogger logger, double gpuHours, string modelNames);

    [LoggerMessage(Level = LogLevel.Error, Message = "cost allocation [{From:O}, {To:O}) failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, DateTime from, DateTime to);
}
