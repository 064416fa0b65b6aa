using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using Observability.Ingest.Model;

namespace Observability.EndToEnd.Tests.Cli;

public sealed class SloCommandTests : IDisposable
{
    private const string Slos = """
        apiVersion: obs.slo/v1
        kind: SLO
        metadata: {name: chat-availability}
        spec:
          groupBy: tenant
          objective: 99
          timeWindow: {calendar: month, timeZone: UTC}
          indicator: {kind: availability}
        ---
        apiVersion: obs.slo/v1
        kind: SLO
        metadata: {name: chat-ttft}
        spec:
          objective: 90
          timeWindow: {rolling: 30d}
          indicator: {kind: latency, latency: {metric: ttft, threshold: 500ms}}
        """;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("obs-slo-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>
    /// October 2026: every day acme sends 100 requests (1 fails, TTFT 0.2 s) and globex 100 (5 fail from the 10th on,
    /// TTFT 0.8 s on failures too); one request in September and one in November must not count.
    /// </summary>
    private async Task<string> SeedAsync()
    {
        var db = Path.Combine(_dir.FullName, "obs.duckdb");
        await using (var store = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = db }))
        {
            var batch = new RowBatch();
            var id = 0;
            void Add(DateTime ts, string tenant, bool ok, double ttft) => batch.RequestEvents.Add(new RequestEvent
            {
                Timestamp = ts, RequestId = (id++).ToString(System.Globalization.CultureInfo.InvariantCulture), Tenant = tenant, Model = "m",
                Status = ok ? RequestStatus.Success : RequestStatus.Error, TtftSeconds = ttft,
            });
            for (var day = 1; day <= 31; day++)
            {
                for (var i = 0; i < 100; i++)
                {
                    var t = new DateTime(2026, 10, day, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i * 14);
                    Add(t, "acme", ok: i != 0, ttft: 0.2);
                    var globexFails = day >= 10 && i < 5;
                    Add(t, "globex", ok: !globexFails, ttft: globexFails ? 0.8 : 0.3);
                }
            }

            Add(new DateTime(2026, 9, 30, 23, 59, 59, DateTimeKind.Utc), "acme", ok: false, ttft: 0.2);
            Add(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), "acme", ok: false, ttft: 0.2);
            await store.WriteAsync(batch, CancellationToken.None);
        }

        await File.WriteAllTextAsync(Path.Combine(_dir.FullName, "slos.yaml"), Slos);
        var config = Path.Combine(_dir.FullName, "obs.json");
        await File.WriteAllTextAsync(config, """{"Store": {"Path": "obs.duckdb"}, "Spool": {"Enabled": false}, "Slo": {"Files": ["slos.yaml"]}}""");
        return config;
    }

    [Fact]
    public async Task Report_Month_WritesCsvWithDailyRowsAndAPngPerSlo()
    {
        var config = await SeedAsync();
        var outDir = Path.Combine(_dir.FullName, "report");

        var (exit, stdout, stderr) = await CliRunner.RunAsync("slo", "report", "--config", config, "--month", "2026-10", "--out", outDir);

        Assert.True(exit == 0, stderr);
        var csv = await File.ReadAllLinesAsync(Path.Combine(outDir, "slo-report-2026-10.csv"));
        Assert.Equal("slo,tenant,day,total,good,day_sli,month_to_date_sli,budget_remaining,objective,met", csv[0]);
        Assert.Equal(1 + (31 * 2) + 31, csv.Length); // two tenants for availability, one line per day for the latency SLO
        Assert.Equal("chat-availability,acme,2026-10-01,100,99,0.99,0.99,0,0.99,yes", csv[1]);
        var lastGlobex = csv.Single(l => l.StartsWith("chat-availability,globex,2026-10-31,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(1 - (110.0 / 3100), double.Parse(lastGlobex[6], System.Globalization.CultureInfo.InvariantCulture), 1e-9); // 22 days × 5 failures
        Assert.Equal("no", lastGlobex[9]);
        Assert.Contains("chat-availability (globex): 96.452 % against 99 % — missed", stdout, StringComparison.Ordinal);
        Assert.Contains("chat-ttft: 98.226 % against 90 % — met", stdout, StringComparison.Ordinal); // 6,090 of 6,200 under 500 ms
        foreach (var png in new[] { "chat-availability-2026-10.png", "chat-ttft-2026-10.png" })
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(outDir, png));
            Assert.True(bytes.Length > 1000);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }
    }

    [Fact]
    public async Task Status_FromTheStore_PrintsOneLinePerSloAndTenant()
    {
        var config = await SeedAsync();

        var (exit, stdout, stderr) = await CliRunner.RunAsync("slo", "status", "--config", config);

        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("SLO", lines[0], StringComparison.Ordinal);
        Assert.Contains("budget left", lines[0], StringComparison.Ordinal);
        Assert.Contains("fastest burn", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("chat-availability", StringComparison.Ordinal) && l.Contains("acme", StringComparison.Ordinal) && l.Contains("month UTC", StringComparison.Ordinal) && l.TrimEnd().EndsWith("ok", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("chat-ttft", StringComparison.Ordinal) && l.Contains("30d", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Report_BadMonth_IsAUsageError()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("slo", "report", "--config", "x.json", "--month", "October");

        Assert.Equal(2, exit);
        Assert.Contains("--month: 'October' is not a month like 2026-10", stderr, StringComparison.Ordinal);
    }
}
