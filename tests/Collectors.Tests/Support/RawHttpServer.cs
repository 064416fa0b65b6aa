using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Observability.Collectors.Tests.Support;

/// <summary>
/// A TCP server on 127.0.0.1 that answers each HTTP request head with exactly the bytes the test scripts, in the
/// pieces it chooses, so framing a framework server never produces (tiny chunks, close-delimited bodies, a connection
/// dropped between requests) can be put in front of a client.
/// </summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<int, RawExchange, Task> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;
    private int _requests;

    /// <param name="respond">Called per request with its number (from 1) and the exchange to answer on.</param>
    public RawHttpServer(Func<int, RawExchange, Task> respond)
    {
        _respond = respond;
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/metrics");
        _accepting = Task.Run(AcceptAsync);
    }

    public Uri Url { get; }

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Every request head received, in order.</summary>
    public ConcurrentQueue<string> RequestHeads { get; } = new();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        var exchange = new RawExchange(socket);
        try
        {
            while (!exchange.Closed && await ReadHeadAsync(socket).ConfigureAwait(false) is { } head)
            {
                RequestHeads.Enqueue(head);
                await _respond(Interlocked.Increment(ref _requests), exchange).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task<string?> ReadHeadAsync(Socket socket)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!head.EndsWith("\r\n\r\n"u8))
        {
            if (await socket.ReceiveAsync(one, _stop.Token).ConfigureAwait(false) == 0)
            {
                return null;
            }

            head.Add(one[0]);
        }

        return Encoding.ASCII.GetString([.. head]);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _accepting.ConfigureAwait(false);
        _stop.Dispose();
    }
}

/// <summary>One connection's answering end.</summary>
internal sealed class RawExchange(Socket socket)
{
    public bool Closed { get; private set; }

    public async Task SendAsync(string text) => await SendAsync(Encoding.ASCII.GetBytes(text)).ConfigureAwait(false);

    public async Task SendAsync(byte[] bytes) => await socket.SendAsync(bytes).ConfigureAwait(false);

    /// <summary>Sends <paramref name="bytes"/> a few at a time, each piece its own TCP write.</summary>
    public async Task TrickleAsync(byte[] bytes, int pieceSize)
    {
        for (var i = 0; i < bytes.Length; i += pieceSize)
        {
            await socket.SendAsync(bytes.AsMemory(i, Math.Min(pieceSize, bytes.Length - i))).ConfigureAwait(false);
            await Task.Delay(1).ConfigureAwait(false);
        }
    }

    public void Close()
    {
        Closed = true;
        socket.Shutdown(SocketShutdown.Both);
        socket.Close();
    }
}

internal static class ByteListExtensions
{
    public static bool EndsWith(this List<byte> bytes, ReadOnlySpan<byte> suffix) =>
        bytes.Count >= suffix.Length && System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes)[^suffix.Length..].SequenceEqual(suffix);
}
