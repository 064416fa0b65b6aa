using System.Net.Http;

namespace Observability.Tests.Shared;

/// <summary>
/// A real <c>clickhouse-server</c> (Debian's package) on free loopback ports with a temporary config and data
/// directory: the packaged <c>config.xml</c> and <c>users.xml</c> are copied with their paths and ports rewritten,
/// and extras go in <c>config.d/*.xml</c>. <see cref="StopAsync"/> and <see cref="StartAsync"/> stop and restart the
/// same server on the same data and ports (fault tests); <see cref="DisposeAsync"/> kills it and deletes the directory.
/// </summary>
public sealed class ClickHouseServer : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/clickhouse-server";
    private const string PackagedConfigDirectory = "/etc/clickhouse-server";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private ServerProcess? _process;

    private ClickHouseServer(string directory, int httpPort, int tcpPort, int interserverPort)
    {
        Directory = directory;
        HttpPort = httpPort;
        TcpPort = tcpPort;
        InterserverPort = interserverPort;
    }

    /// <summary>The temporary directory holding config.xml, users.xml, config.d/, data/ and log/.</summary>
    public string Directory { get; }

    public int HttpPort { get; }

    /// <summary>The native protocol port (clickhouse-client, Distributed tables).</summary>
    public int TcpPort { get; }

    public int InterserverPort { get; }

    public Uri HttpEndpoint => new($"http://127.0.0.1:{HttpPort}");

    /// <summary>The running server's process id (benchmarks read its CPU time from /proc).</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("the server is not running");

    /// <summary>A ClickHouse.Driver connection string for this server, with the settings 18.16 needs.</summary>
    public string ConnectionString =>
        $"Host=127.0.0.1;Port={HttpPort};Username=default;Password=;JsonReadMode=None;JsonWriteMode=None";

    public static bool IsInstalled => File.Exists(Binary) && File.Exists(Path.Combine(PackagedConfigDirectory, "config.xml"));

    /// <summary>
    /// Prepares a directory and starts the server. <paramref name="extraConfig"/> maps a file name in config.d to its
    /// content (root element <c>yandex</c>).
    /// </summary>
    public static async Task<ClickHouseServer> StartNewAsync(
        IReadOnlyDictionary<string, string>? extraConfig = null,
        CancellationToken cancellationToken = default) =>
        await StartNewAsync(FreePorts.Take(3), extraConfig, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Starts a server on ports chosen by the caller (HTTP, native TCP, interserver), for clusters whose members
    /// must know each other's ports before any of them starts.
    /// </summary>
    public static async Task<ClickHouseServer> StartNewAsync(
        int[] ports,
        IReadOnlyDictionary<string, string>? extraConfig = null,
        CancellationToken cancellationToken = default)
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException(
                $"{Binary} is not installed: run ./test.sh (it installs Debian's clickhouse-server) or apt-get install clickhouse-server");
        }

        var directory = Path.Combine(Path.GetTempPath(), $"clickhouse-test-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "config.d"));
        var server = new ClickHouseServer(directory, ports[0], ports[1], ports[2]);
        try
        {
            server.WriteConfig(extraConfig ?? new Dictionary<string, string>());
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts (or restarts) the server on the same directory and ports and waits until <c>/ping</c> answers.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        _process?.Dispose();
        _process = ServerProcess.Start(Binary, [$"--config-file={Path.Combine(Directory, "config.xml")}"], Directory);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"clickhouse-server exited during start-up:\n{_process.Output}\n{ErrorLogTail()}");
            }

            if (await PingAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"clickhouse-server did not answer /ping within 60 s:\n{_process.Output}\n{ErrorLogTail()}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Kills the server (as a crash would) and keeps its directory for a later <see cref="StartAsync"/>.</summary>
    public Task StopAsync()
    {
        _process?.Kill();
        return Task.CompletedTask;
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(HttpEndpoint, "/ping"), cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Runs one statement over HTTP and returns the body; throws with the server's message on an error status.</summary>
    public async Task<string> QueryAsync(string sql, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(sql);
        using var response = await Http.PostAsync(HttpEndpoint, content, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"ClickHouse answered {(int)response.StatusCode}: {body}");
        }

        return body;
    }

    public ValueTask DisposeAsync()
    {
        _process?.Dispose();
        _process = null;
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying process: the OS temp cleaner gets it; never fail a test run over it.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return ValueTask.CompletedTask;
    }

    private void WriteConfig(IReadOnlyDictionary<string, string> extraConfig)
    {
        var data = Path.Combine(Directory, "data") + "/";
        var logs = Path.Combine(Directory, "log") + "/";
        var config = File.ReadAllText(Path.Combine(PackagedConfigDirectory, "config.xml"))
            .Replace("/var/lib/clickhouse/", data, StringComparison.Ordinal)
            .Replace("/var/log/clickhouse-server/", logs, StringComparison.Ordinal)
            .Replace("<http_port>8123</http_port>", $"<http_port>{HttpPort}</http_port>", StringComparison.Ordinal)
            .Replace("<tcp_port>9000</tcp_port>", $"<tcp_port>{TcpPort}</tcp_port>", StringComparison.Ordinal)
            .Replace("<interserver_http_port>9009</interserver_http_port>", $"<interserver_http_port>{InterserverPort}</interserver_http_port>", StringComparison.Ordinal)
            // Only 127.0.0.1: ::1 may be missing in a container, and one address is all the tests use.
            .Replace("<listen_host>::1</listen_host>", string.Empty, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(Directory, "config.xml"), config);
        File.Copy(Path.Combine(PackagedConfigDirectory, "users.xml"), Path.Combine(Directory, "users.xml"));
        foreach (var (name, content) in extraConfig)
        {
            File.WriteAllText(Path.Combine(Directory, "config.d", name), content);
        }
    }

    private string ErrorLogTail()
    {
        var path = Path.Combine(Directory, "log", "clickhouse-server.err.log");
        if (!File.Exists(path))
        {
            return string.Empty;
        }

        var lines = File.ReadAllLines(path);
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 30)));
    }
}
