namespace Observability.EndToEnd.Tests.Cli;

/// <summary><c>obs simulate --otlp</c> refuses what it cannot send to, before starting anything.</summary>
public sealed class SimulateOtlpUsageTests
{
    [Theory]
    [InlineData("--otlp", "not-a-url", "--otlp takes an http:// URL")]
    [InlineData("--otlp", "https://collector:4318/v1/traces", "--otlp takes an http:// URL")]
    [InlineData("--otlp-protocol", "thrift", "--otlp-protocol takes http or grpc")]
    public async Task Simulate_BadOtlpArguments_ExitsTwoWithTheReason(string option, string value, string expected)
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("simulate", option, value);

        Assert.Equal(2, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }
}
