using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Observability.Alerts.Tests.Support;

/// <summary>
/// A real Alertmanager 0.25 (Debian's <c>prometheus-alertmanager</c>) on a free loopback port with a temporary storage
/// directory and no cluster port; killed and its directory removed on dispose, also when a test fails.
/// </summary>
internal sealed class AlertmanagerServer : IAsyncDisposable
{
    private const string Binary = "/usr/bin/prometheus-alertmanager";
    private readonly Process _process;
    private readonly string _dir;

    private AlertmanagerServer(Process process, string dir, Uri url)
    {
        _process = process;
        _dir = dir;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<AlertmanagerServer> StartAsync()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: install Debian's prometheus-alertmanager (./test.sh does)");
        }

        for (var attempt = 1; ; attempt++)
        {
            var dir = Directory.CreateTempSubdirectory("alertmanager-").FullName;
            var config = Path.Combine(dir, "alertmanager.yml");
            await File.WriteAllTextAsync(config, "route:\n  receiver: blackhole\n  group_wait: 1s\nreceivers:\n  - name: blackhole\n");
            var port = FreePort.Next();
            var start = new ProcessStartInfo(Binary)
            {
                ArgumentList =
                {
                    $"--config.file={config}", $"--storage.path={Path.Combine(dir, "data")}",
                    $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=",
                },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            var process = Process.Start(start)!;
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var server = new AlertmanagerServer(process, dir, new Uri($"http://127.0.0.1:{port}/"));
            if (await server.WaitReadyAsync())
            {
                return server;
            }

            await server.DisposeAsync();
            if (attempt == 3)
            {
                throw new InvalidOperationException("Alertmanager did not become ready in three attempts");
            }
        }
    }

    /// <summary>Alerts Alertmanager holds (active, silenced, inhibited and unprocessed; not resolved ones).</summary>
    public async Task<IReadOnlyList<JsonElement>> GetAlertsAsync()
    {
        using var http = new HttpClient();
        var alerts = await http.GetFromJsonAsync<JsonElement[]>(new Uri(Url, "api/v2/alerts"));
        return alerts ?? [];
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }
        finally
        {
            _process.Dispose();
            Directory.Delete(_dir, recursive: true);
        }
    }

    private async Task<bool> WaitReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_process.HasExited)
            {
                return false;
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Url, "-/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        return false;
    }
}
