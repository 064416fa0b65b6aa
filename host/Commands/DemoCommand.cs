using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Analytics.Summary;
using Observability.Collectors.Otlp;
using Observability.Collectors.Scraping;
using Observability.Host.Cli;
using Observability.Host.Service;
using Observability.Ingest.Contract;
using Observability.Simulator;
using Observability.Simulator.Gateway;

namespace Observability.Host.Commands;

/// <summary>
/// <c>obs demo [--duration 2m] [--interval 2s] [--db PATH]</c>: the whole trunk on one machine —
/// a simulated fleet on loopback, the scrape loop, the fleet's gateway sending one OTLP span per request to the
/// receiver, the embedded store — with live progress, ending with summary tables read back from the store.
/// </summary>
public static class DemoCommand
{
    public const string Usage = "obs demo [--duration 2m] [--interval 2s] [--db PATH] [--quiet]";

    public static async Task<int> RunAsync(CommandArgs args, TextWriter stdout, CancellationToken cancellationToken)
    {
        var duration = args.GetDuration("duration", TimeSpan.FromMinutes(2));
        var interval = args.GetDuration("interval", TimeSpan.FromSeconds(2));
        var db = Path.GetFullPath(args.Get("db") ?? Path.Combine(".obs", "demo.duckdb"));
        var quiet = args.Flag("quiet");
        args.RejectUnknown();

        var time = TimeProvider.System;
        Directory.CreateDirectory(Path.GetDirectoryName(db)!);
        File.Delete(db);
        File.Delete(db + ".wal");

        var simulator = new FleetSimulator(FleetPresets.Small, time);
        await using var server = new SimulatorServer(simulator);
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        var targets = server.Targets
            .Select(t => new ScrapeTarget { Url = t.Url, Job = t.Kind.ToString().ToLowerInvariant(), Labels = t.Labels })
            .ToList();
        var config = new ServiceConfig(
            db,
            StoreMemoryLimit: "512MB",
            StoreThreads: null,
            StoreSettings: new Dictionary<string, string>(),
            new ScrapeOptions { StaticTargets = targets, DefaultInterval = interval, DefaultTimeout = interval },
            WriterMaxBatchRows: 10_000,
            WriterFlushInterval: TimeSpan.FromSeconds(1),
            WriterMaxBufferedRows: 200_000,
            Listen: new Uri("http://127.0.0.1:0"))
        {
            Otlp = new OtlpOptions { HttpListen = new Uri("http://127.0.0.1:0"), GrpcListen = new Uri("http://127.0.0.1:0") },
        };

        await stdout.WriteLineAsync($"obs demo: simulated fleet of {simulator.Options.Nodes} nodes x {simulator.Options.GpusPerNode} GPUs, {simulator.Options.Models.Count} models, {simulator.Options.Tenants.Count} tenants on {server.BaseAddress}").ConfigureAwait(false);
        await stdout.WriteLineAsync($"obs demo: scraping {targets.Count} targets every {interval.TotalSeconds:0.#}s for {duration} into {db}").ConfigureAwait(false);

        var start = time.GetUtcNow();
        await using var pipeline = await Pipeline.StartAsync(config, time, NullLoggerFactory.Instance, cancellationToken).ConfigureAwait(false);
        using var gateway = new SimulatedGateway(simulator, new Uri(pipeline.Otlp!.HttpAddress, "v1/traces"));
        await stdout.WriteLineAsync($"obs demo: the fleet's gateway sends one OTLP span per request to {pipeline.Otlp.HttpAddress}v1/traces").ConfigureAwait(false);
        using var stopGateway = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pumping = gateway.RunAsync(TimeSpan.FromSeconds(1), time, stopGateway.Token);
        try
        {
            await ShowProgressAsync(pipeline, duration, quiet ? TextWriter.Null : stdout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stdout.WriteLineAsync("obs demo: interrupted; summarising what was collected").ConfigureAwait(false);
        }

        await stopGateway.CancelAsync().ConfigureAwait(false);
        await pumping.ConfigureAwait(false);
        var exported = gateway.Flush(TimeSpan.FromSeconds(30));
        await WaitForSpansAsync(pipeline.Otlp, gateway.GetTruth().SpansEmitted, time).ConfigureAwait(false);
        await pipeline.DrainAsync(CancellationToken.None).ConfigureAwait(false);
        var range = new TimeRange(start.UtcDateTime.AddSeconds(-1), time.GetUtcNow().UtcDateTime.AddSeconds(1));
        var summary = await new FleetSummaryQuery(pipeline.Store).RunAsync(range, CancellationToken.None).ConfigureAwait(false);
        await stdout.WriteAsync(SummaryTable.Render(summary, pipeline.Metrics)).ConfigureAwait(false);
        var usage = await pipeline.Store.QueryTenantUsageAsync(TimeRange.All, CancellationToken.None).ConfigureAwait(false);
        await stdout.WriteAsync(TenantUsageTable.Render(usage, gateway.GetTruth(), pipeline.Otlp.Metrics)).ConfigureAwait(false);
        if (!exported)
        {
            await stdout.WriteLineAsync("obs demo: the gateway could not export every span in time").ConfigureAwait(false);
        }

        return summary.GpusSeen > 0 ? 0 : 1;
    }

    private static async Task ShowProgressAsync(Pipeline pipeline, TimeSpan duration, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var every = TimeSpan.FromSeconds(Math.Clamp(duration.TotalSeconds / 12, 1, 10));
        while (true)
        {
            var left = duration - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(left < every ? left : every, time, cancellationToken).ConfigureAwait(false);
            var gpus = await pipeline.Store.QueryGpuUtilizationAsync(TimeRange.All, cancellationToken).ConfigureAwait(false);
            var m = pipeline.Metrics;
            await output.WriteLineAsync(
                $"  [{Clock(time.GetElapsedTime(started))}/{Clock(duration)}] scrapes {m.Attempts} ({m.Failures} failed), samples {m.SamplesTotal:N0}, " +
                $"GPUs stored {gpus.Count}, request spans stored {pipeline.Otlp?.Metrics.MappedSpans ?? 0:N0}, rows buffered {pipeline.Writer.BufferedRows}").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The SDK's flush can return before its last HTTP exports have been answered, so the receiver is given a few
    /// seconds to see every span the gateway emitted before the store is read.
    /// </summary>
    private static async Task WaitForSpansAsync(OtlpReceiver receiver, long emitted, TimeProvider time)
    {
        var started = time.GetTimestamp();
        while (receiver.Metrics.ReceivedSpans < emitted && time.GetElapsedTime(started) < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time).ConfigureAwait(false);
        }
    }

    private static string Clock(TimeSpan t) => $"{(int)t.TotalMinutes:00}:{t.Seconds:00}";
}
