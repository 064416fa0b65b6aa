using System.Text.Json;
using Observability.Host.Cli;
using Observability.Simulator;
using Observability.Simulator.Gateway;
using OpenTelemetry.Exporter;

namespace Observability.Host.Commands;

/// <summary>
/// <c>obs simulate [--preset small|bench100k] [--port N] [--file-sd PATH] [--only dcgm|vllm|triton]</c>:
/// serves the simulated fleet on 127.0.0.1 until stopped, and writes its targets as a Prometheus
/// file_sd file so that both Prometheus and <c>obs run</c> can scrape the same fleet. With <c>--otlp URL</c> the
/// fleet's gateway also sends one OTLP span per finished request there (an <c>obs run</c> with an <c>Otlp</c> section).
/// </summary>
public static class SimulateCommand
{
    public const string Usage = "obs simulate [--preset small|bench100k] [--port N] [--file-sd PATH] [--only dcgm|vllm|triton] [--otlp URL [--otlp-protocol http|grpc]] [--quiet]";

    public static async Task<int> RunAsync(CommandArgs args, TextWriter stdout, CancellationToken cancellationToken)
    {
        var options = (args.Get("preset") ?? "small") switch
        {
            "small" => FleetPresets.Small,
            "bench100k" => FleetPresets.Benchmark100k,
            var other => throw new UsageException($"--preset takes small or bench100k (got '{other}')"),
        };
        var port = args.GetInt("port", 0);
        var fileSd = args.Get("file-sd");
        var only = args.Get("only");
        var quiet = args.Flag("quiet");
        var otlp = args.Get("otlp");
        var protocol = (args.Get("otlp-protocol") ?? "http") switch
        {
            "http" => OtlpExportProtocol.HttpProtobuf,
            "grpc" => OtlpExportProtocol.Grpc,
            var other => throw new UsageException($"--otlp-protocol takes http or grpc (got '{other}')"),
        };
        args.RejectUnknown();
        Uri? otlpUrl = otlp is null ? null
            : Uri.TryCreate(otlp, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttp ? u
            : throw new UsageException($"--otlp takes an http:// URL, e.g. http://127.0.0.1:4318/v1/traces (got '{otlp}')");
        TargetKind? kind = only is null ? null
            : Enum.TryParse<TargetKind>(only, ignoreCase: true, out var k) ? k
            : throw new UsageException($"--only takes dcgm, vllm or triton (got '{only}')");

        var simulator = new FleetSimulator(options, TimeProvider.System);
        await using var server = new SimulatorServer(simulator, port);
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        var targets = server.Targets.Where(t => kind is null || t.Kind == kind).ToList();
        if (fileSd is not null)
        {
            await WriteFileSdAsync(fileSd, targets, cancellationToken).ConfigureAwait(false);
        }

        if (!quiet)
        {
            await stdout.WriteLineAsync($"obs simulate: {targets.Count} targets on {server.BaseAddress} (list: {server.BaseAddress}targets); Ctrl+C stops").ConfigureAwait(false);
        }

        using var gateway = otlpUrl is null ? null : new SimulatedGateway(simulator, otlpUrl, protocol);
        if (gateway is not null && !quiet)
        {
            await stdout.WriteLineAsync($"obs simulate: the gateway sends one OTLP span per request to {otlpUrl}").ConfigureAwait(false);
        }

        try
        {
            await (gateway?.RunAsync(TimeSpan.FromSeconds(1), TimeProvider.System, cancellationToken) ?? Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
        catch (OperationCanceledException)
        {
        }

        gateway?.Flush(TimeSpan.FromSeconds(10));
        return 0;
    }

    /// <summary>One group per target so each keeps its own labels; written to a temporary name and renamed, so readers never see half a file.</summary>
    private static async Task WriteFileSdAsync(string path, IReadOnlyList<SimulatedTarget> targets, CancellationToken cancellationToken)
    {
        var groups = targets.Select(t => new Dictionary<string, object>
        {
            ["targets"] = new[] { t.Url.Authority },
            ["labels"] = new Dictionary<string, string>(t.Labels)
            {
                ["__metrics_path__"] = t.Url.AbsolutePath,
                ["job"] = t.Kind.ToString().ToLowerInvariant(),
            },
        });
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(groups), cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }
}
