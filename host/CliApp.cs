using Observability.Host.Cli;
using Observability.Host.Commands;
using Observability.Host.Service;

namespace Observability.Host;

/// <summary>Dispatches the subcommands; usage mistakes exit 2, configuration mistakes exit 2 with every problem listed.</summary>
public static class CliApp
{
    private static readonly string Usage = string.Join(
        Environment.NewLine,
        "usage:",
        "  " + DemoCommand.Usage,
        "  " + RunCommand.Usage,
        "  " + CheckMetricsCommand.Usage,
        "  " + ParseCommand.Usage,
        "  " + SimulateCommand.Usage,
        "  " + SloCommand.Usage,
        "  " + CostCommand.Usage,
        "  " + ExportCommand.Usage);

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        // SIGTERM (service managers, benchmark scripts) stops as gently as Ctrl+C.
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM,
            context =>
            {
                context.Cancel = true;
                cancel.Cancel();
            });

        try
        {
            var rest = CommandArgs.Parse(args.Skip(1), "json", "lenient", "help", "quiet");
            return args.FirstOrDefault() switch
            {
                "demo" => await DemoCommand.RunAsync(rest, stdout, cancel.Token).ConfigureAwait(false),
                "run" => await RunCommand.RunAsync(rest, stdout, cancel.Token).ConfigureAwait(false),
                "check-metrics" => await CheckMetricsCommand.RunAsync(rest, stdout, stderr, cancel.Token).ConfigureAwait(false),
                "parse" => await ParseCommand.RunAsync(rest, Console.OpenStandardOutput(), stderr, cancel.Token).ConfigureAwait(false),
                "export" => await ExportCommand.RunAsync(rest, stdout, stderr, cancel.Token).ConfigureAwait(false),
                "cost" => await CostCommand.RunAsync(rest, stdout, stderr, cancel.Token).ConfigureAwait(false),
                "simulate" => await SimulateCommand.RunAsync(rest, stdout, cancel.Token).ConfigureAwait(false),
                "slo" => await SloCommand.RunAsync(rest, stdout, cancel.Token).ConfigureAwait(false),
                null or "help" or "--help" or "-h" => Help(stdout),
                var other => throw new UsageException($"unknown command '{other}'"),
            };
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync($"obs: {e.Message}{Environment.NewLine}{Usage}").ConfigureAwait(false);
            return 2;
        }
        catch (ConfigException e)
        {
            await stderr.WriteLineAsync("obs: invalid configuration:").ConfigureAwait(false);
            foreach (var problem in e.Problems)
            {
                await stderr.WriteLineAsync("  " + problem).ConfigureAwait(false);
            }

            return 2;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Stopped (Ctrl+C, SIGTERM) before the command could finish starting, e.g. while the store initialised.
            await stderr.WriteLineAsync("obs: stopped").ConfigureAwait(false);
            return 130;
        }
    }

    private static int Help(TextWriter stdout)
    {
        stdout.WriteLine(Usage);
        return 0;
    }
}
