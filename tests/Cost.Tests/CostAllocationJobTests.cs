using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Observability.Analytics.Cost;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Quartz;
using TimeRange = Observability.Ingest.Contract.TimeRange;

namespace Observability.Cost.Tests;

/// <summary>The job inside a real Quartz.NET scheduler, fired on demand as the CLI and an operator would.</summary>
public sealed class CostAllocationJobTests
{
    private static readonly DateTime Day = TestTelemetry.Day;

    [Fact]
    public async Task TriggerJob_WithoutRange_AllocatesTheLookbackHoursBeforeNow()
    {
        var lines = await RunJobAsync(new JobDataMap());

        Assert.Equal([Day.AddHours(7), Day.AddHours(8), Day.AddHours(9)], lines.Select(l => l.Hour).Distinct());
    }

    [Fact]
    public async Task TriggerJob_WithRange_AllocatesThatRange()
    {
        var lines = await RunJobAsync(new JobDataMap { [CostAllocationJob.FromKey] = "2026-10-01T00:00:00Z", [CostAllocationJob.ToKey] = "2026-10-01T02:00:00Z" });

        Assert.Equal([Day, Day.AddHours(1)], lines.Select(l => l.Hour).Distinct());
        Assert.All(lines, l => Assert.Equal(4m, l.Cost));
    }

    private static async Task<IReadOnlyList<CostAllocationLine>> RunJobAsync(JobDataMap data)
    {
        var t = new TestTelemetry().Minutes(TestTelemetry.Gpu("GPU-A", TestTelemetry.H100, "chat-0"), Day, 12 * 60).Requests(Day, "acme", "m", 1, pod: "chat-0");
        await using var store = await TestTelemetry.StoreAsync(t.Batch);
        var time = new FakeTimeProvider(new DateTimeOffset(Day.AddHours(10).AddMinutes(20)));
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<ICostStore>(store)
            .AddCostAllocation(new CostOptions { JobLookbackHours = 3 });
        await using var provider = services.BuildServiceProvider();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var done = new TaskCompletionSource<JobExecutionException?>(TaskCreationOptions.RunContinuationsAsynchronously);
        scheduler.ListenerManager.AddJobListener(new CompletionListener(done));
        await scheduler.Start();
        try
        {
            await scheduler.TriggerJob(CostAllocationJob.Key, data);
            var error = await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
            Assert.Null(error);
            return await store.ReadAllocationsAsync(TimeRange.All, CancellationToken.None);
        }
        finally
        {
            await scheduler.Shutdown(waitForJobsToComplete: true);
        }
    }

    private sealed class CompletionListener(TaskCompletionSource<JobExecutionException?> done) : IJobListener
    {
        public string Name => "test-completion";

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            done.TrySetResult(jobException);
            return ValueTask.CompletedTask;
        }
    }
}
