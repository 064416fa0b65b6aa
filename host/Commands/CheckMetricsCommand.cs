using Observability.Collectors.Exposition;
using Observability.Host.Cli;

namespace Observability.Host.Commands;

/// <summary>
/// <c>obs check-metrics FILE|- [--format prometheus|openmetrics] [--lenient]</c>: validates an
/// exposition like <c>promtool check metrics</c>. Exit 0 when valid; exit 1 with
/// <c>FILE:LINE: reason</c> on stderr when not.
/// </summary>
public static class CheckMetricsCommand
{
    public const string Usage = "obs check-metrics FILE|- [--format prometheus|openmetrics] [--lenient]";

    public static async Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var (bytes, name, format, parser) = await ExpositionInput.LoadAsync("check-metrics", args, cancellationToken).ConfigureAwait(false);
        var counter = new CountingSink();
        var result = parser.Parse(bytes, format, ref counter);
        if (!result.Ok)
        {
            await stderr.WriteLineAsync($"{name}:{result.LineNumber}: {result.Error}").ConfigureAwait(false);
            return 1;
        }

        await stdout.WriteLineAsync($"{name}: ok, {result.Samples} samples ({(format == ExpositionFormat.OpenMetrics ? "OpenMetrics 1.0" : "Prometheus text 0.0.4")})").ConfigureAwait(false);
        return 0;
    }

    private struct CountingSink : ISampleSink
    {
        public void OnSample(in Sample sample)
        {
        }
    }
}
