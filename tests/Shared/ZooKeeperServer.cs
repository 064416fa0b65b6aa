using System.Net.Sockets;

namespace Observability.Tests.Shared;

/// <summary>
/// A real ZooKeeper (Debian's <c>zookeeper</c> package) in the foreground on a free loopback port with a temporary
/// data directory; stopped by its PID and the directory deleted on dispose. Can be stopped and restarted in place.
/// </summary>
public sealed class ZooKeeperServer : IAsyncDisposable
{
    public const string Script = "/usr/share/zookeeper/bin/zkServer.sh";

    private ServerProcess? _process;

    private ZooKeeperServer(string directory, int port)
    {
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }

    public int Port { get; }

    public static bool IsInstalled => File.Exists(Script);

    /// <summary>The <c>config.d</c> fragment that points a ClickHouse server at this ZooKeeper.</summary>
    public string ClickHouseConfig =>
        $"<yandex><zookeeper><node><host>127.0.0.1</host><port>{Port}</port></node></zookeeper></yandex>";

    public static async Task<ZooKeeperServer> StartNewAsync(CancellationToken cancellationToken = default)
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException($"{Script} is not installed: run ./test.sh (it installs Debian's zookeeper)");
        }

        var directory = Path.Combine(Path.GetTempPath(), $"zookeeper-test-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "data"));
        var server = new ZooKeeperServer(directory, FreePorts.Take(1)[0]);
        File.WriteAllText(
            Path.Combine(directory, "zoo.cfg"),
            $"""
            tickTime=2000
            initLimit=10
            syncLimit=5
            dataDir={Path.Combine(directory, "data")}
            clientPort={server.Port}
            clientPortAddress=127.0.0.1
            admin.enableServer=false
            4lw.commands.whitelist=ruok
            """);
        File.WriteAllText(Path.Combine(directory, "log4j.properties"), "log4j.rootLogger=WARN, CONSOLE\nlog4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender\nlog4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout\n");
        try
        {
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        _process?.Dispose();
        _process = ServerProcess.Start(
            Script,
            // Debian's zkEnv.sh fixes ZOOCFGDIR to /etc/zookeeper/conf; a config path argument outside it is used as given.
            ["start-foreground", Path.Combine(Directory, "zoo.cfg")],
            Directory,
            new Dictionary<string, string> { ["ZOO_LOG_DIR"] = Directory });
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await IsServingAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"ZooKeeper exited during start-up:\n{_process.Output}");
            }

            if (waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"ZooKeeper did not answer ruok within 60 s:\n{_process.Output}");
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync()
    {
        _process?.Kill();
        return Task.CompletedTask;
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
        }
        catch (UnauthorizedAccessException)
        {
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The four-letter <c>ruok</c> command answers <c>imok</c> once the server serves clients.</summary>
    private async Task<bool> IsServingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port, cancellationToken).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync("ruok"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            var buffer = new byte[4];
            var read = await stream.ReadAtLeastAsync(buffer, 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return read == 4 && buffer.AsSpan().SequenceEqual("imok"u8);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
