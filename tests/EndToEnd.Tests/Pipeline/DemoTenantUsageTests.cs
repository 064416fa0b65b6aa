using Observability.EndToEnd.Tests.Cli;

namespace Observability.EndToEnd.Tests.Pipeline;

/// <summary><c>obs demo</c> runs the gateway's OTLP spans into the receiver and shows per-tenant usage against ground truth.</summary>
public sealed class DemoTenantUsageTests
{
    [Fact]
    public async Task Demo_ShortRun_ShowsRequestsAndTokensPerTenantMatchingGroundTruth()
    {
        var db = Path.Combine(Path.GetTempPath(), $"obs-demo-tenants-{Guid.NewGuid():N}.duckdb");
        try
        {
            var (exit, stdout, stderr) = await CliRunner.RunAsync("demo", "--duration", "8s", "--interval", "1s", "--db", db, "--quiet");

            Assert.True(exit == 0, stdout + stderr);
            Assert.Contains("Requests and tokens per tenant", stdout, StringComparison.Ordinal);
            foreach (var tenant in new[] { "acme", "globex" })
            {
                Assert.Matches($@"(?m)^{tenant}\s+[1-9][\d,]*\s", stdout);
            }

            Assert.Contains("every tenant matches its ground truth", stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(db);
            File.Delete(db + ".wal");
        }
    }
}
