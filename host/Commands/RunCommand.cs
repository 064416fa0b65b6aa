using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Observability.Host.Cli;
using Observability.Host.Service;
using Observability.Ingest.Spool;
using Prometheus;

namespace Observability.Host.Commands;

/// <summary>
/// <c>obs run --config FILE</c>: the long-running service. Scrapes the configured targets into
/// the store, and serves its own metrics at <c>/metrics</c> (prometheus-net, including every
/// pipeline counter) and its health at <c>/healthz</c>.
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
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(config.Listen.ToString());
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        await using var app = builder.Build();
        var time = TimeProvider.System;
        await using var pipeline = await Pipeline.StartAsync(config, time, app.Services.GetRequiredService<ILoggerFactory>(), cancellationToken).ConfigureAwait(false);

        await using var costJob = await CostJobService.StartIfEnabledAsync(config.Cost, pipeline.CostStore, time, app.Services.GetRequiredService<ILoggerFactory>(), cancellationToken).ConfigureAwait(false);
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

    private sealed record HealthReport(string Status, string Store, int SchemaVersion, int Targets, long CompletedScrapes, int BufferedRows, int SpooledBatches);
}
