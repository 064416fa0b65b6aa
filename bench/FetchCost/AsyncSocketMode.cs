using System.Net.Sockets;
using Observability.Collectors.Scraping;

namespace Observability.FetchCost;

/// <summary>
/// A minimal HTTP/1.1 GET on .NET's asynchronous sockets: one keep-alive connection per target, scheduled like the
/// HttpClient modes (a loop per target on a <see cref="PeriodicTimer"/>, as obs run), a read up to Content-Length,
/// the body dropped. It prices what a hand-written client on the same socket engine would save against HttpClient.
/// </summary>
internal static class AsyncSocketMode
{
    public static async Task RunAsync(IReadOnlyList<ScrapeTarget> targets, TimeSpan interval, Measurement measurement, CancellationToken stop)
    {
        var connections = targets.ToDictionary(t => t, t => new Connection(t.Url));
        try
        {
            await HttpModes.EveryTargetAsync(targets, interval, stop, async target =>
                measurement.Scraped(await connections[target].GetAsync(stop).ConfigureAwait(false))).ConfigureAwait(false);
        }
        finally
        {
            foreach (var connection in connections.Values)
            {
                connection.Socket.Dispose();
            }
        }
    }

    private sealed class Connection(Uri target)
    {
        private readonly byte[] _request = MinimalHttp.Request(target);
        private readonly byte[] _buffer = new byte[1 << 20];

        public Socket Socket { get; } = new(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

        /// <summary>Sends the GET (connecting on first use) and returns the body's length once it has all arrived.</summary>
        public async Task<int> GetAsync(CancellationToken stop)
        {
            if (!Socket.Connected)
            {
                await Socket.ConnectAsync(target.Host, target.Port, stop).ConfigureAwait(false);
            }

            await Socket.SendAsync(_request, SocketFlags.None, stop).ConfigureAwait(false);
            int total = 0, end = -1, length = 0;
            while (end < 0 || total < end)
            {
                var read = await Socket.ReceiveAsync(_buffer.AsMemory(total), SocketFlags.None, stop).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException("the target closed the connection");
                }

                total += read;
                if (end < 0)
                {
                    end = MinimalHttp.ResponseEnd(_buffer.AsSpan(0, total), out length);
                }
            }

            return length;
        }
    }
}
