using System.Text;
using Observability.Host;

namespace Observability.EndToEnd.Tests.Cli;

/// <summary>Runs the CLI in-process with captured output, exactly as `./obs` would dispatch it.</summary>
internal static class CliRunner
{
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public static string TempFile(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"obs-test-{Guid.NewGuid():N}.prom");
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }
}
