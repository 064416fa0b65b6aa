using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Observability.Analytics.Slo;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Observability.Slo.Tests.Support;
using Quartz;
using TimeRange = Observability.Ingest.Contract.TimeRange;

namespace Observability.Slo.Tests;

/// <summary>The Quartz.NET job, hosted as the service hosts it, evaluates every SLO on its interval and stores the results.</summary>
public sealed class SloEvaluationJobTests
{
    [Fact]
    public async Task HostedScheduler_EvaluatesOnItsIntervalAndStoresResults()
    {
        await using var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = ":memory:" });
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        await Events.WriteSpreadAsync(store, now.AddMinutes(-30), now, 100, 10);
        var slo = Slos.Parse("objective: 99\ntimeWindow: {rolling: 1d}\nindicator: {kind: availability}", "job-slo");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ISloStore>(store);
        builder.Services.AddSloEvaluation([slo], TimeSpan.FromMilliseconds(200));
        builder.Services.AddQuartzHostedService();
        using var host = builder.Build();

        await host.StartAsync();
        try
        {
            var board = host.Services.GetRequiredService<SloBoard>();
            for (var i = 0; i < 300 && (await store.ReadSloResultsAsync(TimeRange.All, default)).Select(r => r.Timestamp).Distinct().Count() < 2; i++)
            {
                await Task.Delay(100);
            }

            var results = await store.ReadSloResultsAsync(TimeRange.All, default);
            Assert.True(results.Select(r => r.Timestamp).Distinct().Count() >= 2, "the job should have run at least twice in 30 s");
            var latest = Assert.Single(board.Latest);
            Assert.Equal(0.9, Assert.Single(latest.Groups).Sli, 1e-12);
            Assert.Equal(10.0, latest.Groups[0].Window(TimeSpan.FromHours(1))!.BurnRate, 1e-9);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
