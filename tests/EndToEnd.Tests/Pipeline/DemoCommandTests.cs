using Observability.EndToEnd.Tests.Cli;

namespace Observability.EndToEnd.Tests.Pipeline;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_ShortRun_EndsWithSummaryOfGpusAndModels()
    {
        var db = Path.Combine(Path.GetTempPath(), $"obs-demo-{Guid.NewGuid():N}.duckdb");

        var (exit, stdout, stderr) = await CliRunner.RunAsync("demo", "--duration", "6s", "--interval", "1s", "--db", db);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("Fleet summary", stdout, StringComparison.Ordinal);
        Assert.Contains("GPUs seen        12", stdout, StringComparison.Ordinal);
        Assert.Contains("meta-llama/Llama-3.1-8B-Instruct", stdout, StringComparison.Ordinal);
        Assert.Contains("llama3-70b-trtllm", stdout, StringComparison.Ordinal);
        Assert.Contains("] scrapes ", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(db));
    }
}
