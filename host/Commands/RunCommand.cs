using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Observability.Alerts.Budgets;
using Observability.Alerts.Delivery;
using Observability.Alerts.State;
using Observability.Analytics.Slo;
using Observability.Collectors.Otlp.Http;
using Observability.Host.Cli;
using Observability.Host.Service;
using Observability.Ingest.Contract;
using Observability.Ingest.Spool;
using Prometheus;
using Quartz;

namespace Observability.Host.Commands;

/// <summary>
/// <c>obs run --config FILE</c>: the long-running service. Scrapes the configured targets into
/// the store, and serves its own metrics at <c>/metrics</c> (prometheus-net, including every
/// pipeline counter) and its health at <c>/healthz</c>. With SLO files configured it also computes them on a
/// Quartz.NET schedule, serves <c>/api/v1/slo</c> and <c>/api/v1/alerts</c>, and delivers burn-rate alerts.
/// </summary>
public static class RunCommand
{
    public const string Usage = "obs run --config FILE";

    public static async Task<int> RunAsync(CommandArgs args, TextWriter stdout, CancellationToken cancellationToken)
    {
        var path = args.Get("config") ?? throw new UsageException("run needs --config FILE");
        args.RejectUnknown();
        var config = ServiceConfigLoader.Load(path);

        MeterExport.SuppressDefaultMeterAdapter();
        using var meterExport = new MeterExport(Metrics.DefaultRegistry);
        var builder = UnwatchedWebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(config.Listen.ToString());
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        var time = TimeProvider.System;
        Pipeline? started = null;
        if (config.Slo is { } slo)
        {
            // The store exists only once the pipeline has started, which needs the built app's loggers; the
            // scheduler that resolves these starts after that, with the app.
            builder.Services.AddSingleton(time);
            builder.Services.AddSingleton(_ => started!.SloStore);
            builder.Services.AddSingleton(_ => started!.AlertStates);
            builder.Services.AddSloEvaluation(slo.Slos, slo.EvaluationInterval);
            builder.Services.AddSloAlerting(slo.Alerting, slo.Alertmanagers, slo.Webhooks.Select(w => (w.Url, w.Secret)));
            builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        }

        await using var app = builder.Build();
        await using var pipeline = await Pipeline.StartAsync(config, time, app.Services.GetRequiredService<ILoggerFactory>(), cancellationToken).ConfigureAwait(false);
        started = pipeline;
        if (config.Slo is { } slos)
        {
            await CheckHistogramBoundsAsync(slos.Slos, pipeline.SloStore, time, cancellationToken).ConfigureAwait(false);
            MapSloApi(app);
        }

        var budgetEvents = app.Services.GetService<AlertDispatcher>() is { } dispatcher ? new BudgetAlertSink(dispatcher) : null;
        await using var costJob = await CostJobService.StartIfEnabledAsync(
            config.Cost, pipeline.CostStore, time, app.Services.GetRequiredService<ILoggerFactory>(), budgetEvents, cancellationToken).ConfigureAwait(false);
        using var remoteWrite = RemoteWriteService.MapIfEnabled(app, config.RemoteWrite, pipeline.Writer, time, app.Services.GetRequiredService<ILoggerFactory>());
        app.MapMetrics("/metrics");
        app.MapGet("/healthz", async (HttpContext http) =>
        {
            var version = await pipeline.Store.GetSchemaVersionAsync(http.RequestAborted).ConfigureAwait(false);
            return Results.Json(new HealthReport(
                Status: "ok",
                Store: pipeline.Store.Name,
                SchemaVersion: version,
                Targets: pipeline.Scheduler.ActiveTargets.Count,
                CompletedScrapes: pipeline.Scheduler.CompletedScrapes,
                BufferedRows: pipeline.Writer.BufferedRows,
                SpooledBatches: (pipeline.Store as SpoolingStore)?.SpooledBatches ?? 0));
        });

        await stdout.WriteLineAsync($"obs: scraping {config.Scrape.StaticTargets.Count} static target(s) and {config.Scrape.FileSdPaths.Count} file_sd file(s) into {config.StoreDescription}; metrics on {config.Listen}metrics").ConfigureAwait(false);
        if (remoteWrite is not null)
        {
            await stdout.WriteLineAsync($"obs: remote_write accepted on {config.Listen}api/v1/write").ConfigureAwait(false);
        }

        if (pipeline.Otlp is { } otlp)
        {
            await stdout.WriteLineAsync($"obs: OTLP/HTTP on {otlp.HttpAddress} (v1/traces, v1/metrics){(otlp.GrpcAddress is null ? "" : $", OTLP/gRPC on {otlp.GrpcAddress}")}").ConfigureAwait(false);
        }

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        // Stop serving first, then the pipeline drains into the store as it is disposed.
        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }

    /// <summary>A histogram threshold that is no bucket bound of the stored layouts refuses the start, naming the bounds.</summary>
    private static async Task CheckHistogramBoundsAsync(IReadOnlyList<SloDefinition> slos, ISloStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var slo in slos)
        {
            var (from, to) = SloWindow.BudgetRange(slo.Window, time.GetUtcNow().UtcDateTime);
            if (await HistogramBounds.CheckAsync(store, slo, new Observability.Ingest.Contract.TimeRange(from, to), cancellationToken).ConfigureAwait(false) is { } problem)
            {
                problems.Add(problem);
            }
        }

        if (problems.Count > 0)
        {
            throw new ConfigException(problems);
        }
    }

    private static void MapSloApi(WebApplication app)
    {
        // Created now so that the SLO gauges are on /metrics from the start, not from the first evaluation.
        var board = app.Services.GetRequiredService<SloBoard>();
        _ = app.Services.GetRequiredService<SloMetrics>();
        var machine = app.Services.GetRequiredService<AlertStateMachine>();
        // CancellationToken (the request's) rather than HttpContext: a Task-returning lambda over HttpContext alone
        // would bind as a plain RequestDelegate and its result would be dropped.
        app.MapGet("/api/v1/slo", async (CancellationToken aborted) =>
            Results.Json(SloStatus.From(board.Latest, await machine.GetStatesAsync(aborted).ConfigureAwait(false))));
        app.MapGet("/api/v1/alerts", async (CancellationToken aborted) =>
            Results.Json((await machine.GetStatesAsync(aborted).ConfigureAwait(false)).Select(AlertStatus.From).ToList()));
    }

    private sealed record HealthReport(string Status, string Store, int SchemaVersion, int Targets, long CompletedScrapes, int BufferedRows, int SpooledBatches);
}
