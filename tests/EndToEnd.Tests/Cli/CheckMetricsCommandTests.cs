namespace Observability.EndToEnd.Tests.Cli;

public sealed class CheckMetricsCommandTests
{
    [Fact]
    public async Task Run_ValidCapture_ExitZero()
    {
        var (exit, stdout, _) = await CliRunner.RunAsync("check-metrics", Path.Combine(SharedFixtures.Directory, "dcgm-h100-k8s-aicr.prom"));

        Assert.Equal(0, exit);
        Assert.Contains("ok, 30 samples", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MalformedLine_ExitOneWithFileLineReason()
    {
        var file = CliRunner.TempFile("# TYPE a gauge\na 1\na{b=\"c\" 2\n");

        var (exit, _, stderr) = await CliRunner.RunAsync("check-metrics", file);

        Assert.Equal(1, exit);
        Assert.StartsWith($"{file}:3: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DocExcerptWithElision_RejectedUnlessLenient()
    {
        var excerpt = Path.Combine(SharedFixtures.Directory, "dcgm-readme-quickstart.prom");

        var strict = await CliRunner.RunAsync("check-metrics", excerpt);
        var lenient = await CliRunner.RunAsync("check-metrics", excerpt, "--lenient");

        Assert.Equal(1, strict.Exit);
        Assert.Contains("...", strict.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, lenient.Exit);
    }

    [Fact]
    public async Task Run_OpenMetricsWithoutEof_RejectedWhenFormatForced()
    {
        var file = CliRunner.TempFile("# TYPE a counter\na_total 1\n");

        var asText = await CliRunner.RunAsync("check-metrics", file, "--format", "prometheus");
        var asOpenMetrics = await CliRunner.RunAsync("check-metrics", file, "--format", "openmetrics");

        Assert.Equal(0, asText.Exit);
        Assert.Equal(1, asOpenMetrics.Exit);
    }

    [Fact]
    public async Task Run_UnknownOptionOrMissingFile_UsageExitTwo()
    {
        Assert.Equal(2, (await CliRunner.RunAsync("check-metrics", "x.prom", "--bogus", "1")).Exit);
        var missing = await CliRunner.RunAsync("check-metrics", "/nonexistent/x.prom");
        Assert.Equal(2, missing.Exit);
        Assert.Contains("no such file", missing.Stderr, StringComparison.Ordinal);
    }
}
