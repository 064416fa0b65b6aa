using System.Diagnostics;
using System.Text.Json;

namespace Observability.EndToEnd.Tests.Cli;

/// <summary>`obs parse --json` writes to the process's standard output, so these run the built executable.</summary>
public sealed class ParseCommandTests
{
    [Fact]
    public async Task Parse_SpecialValuesAndTimestamps_OneJsonObjectPerSample()
    {
        var file = CliRunner.TempFile("# TYPE h histogram\nh_bucket{le=\"+Inf\",a=\"x\\\"y\"} 3 1700000000000\nh_sum NaN\nh_count 3\nu -Inf\n");

        var (exit, stdout, stderr) = await RunObs("parse", file, "--json");

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, lines.Count);
        Assert.Equal("h_bucket", lines[0].GetProperty("name").GetString());
        Assert.Equal("histogram", lines[0].GetProperty("type").GetString());
        Assert.Equal("+Inf", lines[0].GetProperty("labels").GetProperty("le").GetString());
        Assert.Equal("x\"y", lines[0].GetProperty("labels").GetProperty("a").GetString());
        Assert.Equal(3, lines[0].GetProperty("value").GetDouble());
        Assert.Equal(1700000000000, lines[0].GetProperty("timestamp_ms").GetInt64());
        Assert.Equal("NaN", lines[1].GetProperty("value").GetString());
        Assert.Equal(JsonValueKind.Null, lines[1].GetProperty("timestamp_ms").ValueKind);
        Assert.Equal("-Inf", lines[3].GetProperty("value").GetString());
        Assert.Equal("untyped", lines[3].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Parse_OpenMetricsFromStdin_UnknownTypeAndSecondsToMilliseconds()
    {
        var (exit, stdout, _) = await RunObs(["parse", "-", "--json", "--format", "openmetrics"], "a 1 1.5\n# EOF\n");

        Assert.Equal(0, exit);
        var line = JsonDocument.Parse(stdout.Trim()).RootElement;
        Assert.Equal("unknown", line.GetProperty("type").GetString());
        Assert.Equal(1500, line.GetProperty("timestamp_ms").GetInt64());
    }

    [Fact]
    public async Task Parse_InvalidInput_NothingOnStdoutErrorOnStderr()
    {
        var file = CliRunner.TempFile("ok 1\nbad{ 2\n");

        var (exit, stdout, stderr) = await RunObs("parse", file, "--json");

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith($"{file}:2: ", stderr, StringComparison.Ordinal);
    }

    private static Task<(int, string, string)> RunObs(params string[] args) => RunObs(args, null);

    private static async Task<(int, string, string)> RunObs(string[] args, string? stdin)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "obs.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
