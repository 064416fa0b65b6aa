using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Observability.EndToEnd.Tests.Cli;

/// <summary>The real <c>obs</c> executable, stopped by a signal as a service manager would stop it.</summary>
public sealed class SignalTests
{
    [Fact]
    public async Task Run_SigtermWhileStoreStillInitialising_StopsWithExit130AndNoCrash()
    {
        // A "ClickHouse" that accepts connections and never answers: the store's first request hangs.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var config = Path.Combine(Path.GetTempPath(), $"obs-sigterm-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(config, $$$"""
            {"Store": {"Kind": "clickhouse", "ClickHouse": {"Endpoint": "http://127.0.0.1:{{{port}}}", "RequestTimeout": "5m"}},
             "Spool": {"Enabled": false},
             "Http": {"Listen": "http://127.0.0.1:0"}}
            """);
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "obs"), ["run", "--config", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var obs = Process.Start(start)!;
        var stderr = obs.StandardError.ReadToEndAsync();
        var stdout = obs.StandardOutput.ReadToEndAsync();
        try
        {
            using var accepted = await silent.AcceptSocketAsync().WaitAsync(TimeSpan.FromSeconds(60));
            using (var kill = Process.Start("kill", ["-TERM", obs.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await obs.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            var errors = await stderr;
            Assert.Equal(130, obs.ExitCode);
            Assert.Contains("obs: stopped", errors, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", errors + await stdout, StringComparison.Ordinal);
        }
        finally
        {
            if (!obs.HasExited)
            {
                obs.Kill();
            }

            File.Delete(config);
        }
    }
}
