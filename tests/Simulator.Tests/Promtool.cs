using System.Diagnostics;

namespace Observability.Simulator.Tests;

/// <summary>Runs the real <c>promtool check metrics</c> (Debian package prometheus) on exposition text.</summary>
internal static class Promtool
{
    public const string Path = "/usr/bin/promtool";

    /// <summary>Exit code and combined output. 0 = clean, 3 = parsed with lint findings, 1 = parse failure.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string text)
    {
        Assert.True(File.Exists(Path), $"{Path} is missing; install the Debian package 'prometheus'.");
        var start = new ProcessStartInfo(Path, "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(text);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Asserts promtool parsed the text: exit 0, or 3 for style lints (which the real exporters trip too).</summary>
    public static async Task AssertParsesAsync(string text, string what)
    {
        var (code, output) = await CheckMetricsAsync(text);
        Assert.True(code is 0 or 3, $"promtool rejected {what} (exit {code}):\n{output}");
        Assert.DoesNotContain("parsing error", output, StringComparison.Ordinal);
    }
}
