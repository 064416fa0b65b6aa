using System.Net.Sockets;
using System.Text;

namespace Observability.FetchCost;

/// <summary>
/// A minimal HTTP/1.1 GET on .NET's asynchronous sockets: one keep-alive connection and one loop per target on a
/// <see cref="PeriodicTimer"/>, as obs run schedules, a read up to Content-Length, the body dropped. It prices what a
/// hand-written client on the same socket engine would save against HttpClient, before building one.
/// </summary>
internal static class AsyncSocketMode
{
    public static Task RunAsync(IReadOnlyList<Uri> targets, TimeSpan interval, Measurement measurement, CancellationToken stop)
    {
        var offsets = SocketFloor.Offsets(targets.Count, interval);
        return Task.WhenAll(targets.Select((target, i) => Task.Run(async () =>
        {
            var request = Encoding.ASCII.GetBytes($"GET {target.PathAndQuery} HTTP/1.1\r\nHost: {target.Authority}\r\nAccept: text/plain\r\n\r\n");
            var buffer = new byte[1 << 20];
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await Task.Delay(offsets[i], stop).ConfigureAwait(false);
                await socket.ConnectAsync(target.Host, target.Port, stop).ConfigureAwait(false);
                using var timer = new PeriodicTimer(interval);
                do
                {
                    await socket.SendAsync(request, SocketFlags.None, stop).ConfigureAwait(false);
                    measurement.Scraped(await ReadResponseAsync(socket, buffer, stop).ConfigureAwait(false));
                }
                while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        })));
    }

    private static async Task<int> ReadResponseAsync(Socket socket, byte[] buffer, CancellationToken stop)
    {
        int total = 0, headerEnd = -1, length = 0;
        while (headerEnd < 0 || total < headerEnd + 4 + length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(total), SocketFlags.None, stop).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("the target closed the connection");
            }

            total += read;
            if (headerEnd < 0 && (headerEnd = buffer.AsSpan(0, total).IndexOf("\r\n\r\n"u8)) >= 0)
            {
                length = SocketFloor.ContentLength(Encoding.ASCII.GetString(buffer, 0, headerEnd));
            }
        }

        return length;
    }
}
