using System.Net.Sockets;

namespace Observability.FetchCost;

/// <summary>
/// The floor of fetching: one thread, one blocking keep-alive socket per target, a minimal HTTP/1.1 GET and a read
/// up to Content-Length, targets taken in order of their due time. Not a scraper (a slow target would hold up the
/// rest, there are no timeouts, no chunked bodies, no TLS): it measures what the kernel's loopback TCP and the
/// request itself cost, so the other modes can be read against it.
/// </summary>
internal static class SocketFloor
{
    public static void Run(IReadOnlyList<Uri> targets, TimeSpan interval, Measurement measurement, CancellationToken stop)
    {
        var sockets = new Socket?[targets.Count];
        var requests = targets.Select(MinimalHttp.Request).ToArray();
        var due = Offsets(targets.Count, interval);
        var clock = TimeProvider.System;
        var origin = clock.GetTimestamp();
        var buffer = new byte[1 << 20];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var next = 0;
                for (var i = 1; i < due.Length; i++)
                {
                    next = due[i] < due[next] ? i : next;
                }

                var wait = due[next] - clock.GetElapsedTime(origin);
                if (wait > TimeSpan.Zero)
                {
                    // Whole milliseconds, at least one: a shorter sleep is a yield, and the loop would spin.
                    Thread.Sleep(Math.Max(1, (int)Math.Ceiling(wait.TotalMilliseconds)));
                    continue;
                }

                var socket = sockets[next] ??= Connect(targets[next]);
                socket.Send(requests[next]);
                measurement.Scraped(ReadResponse(socket, buffer));
                due[next] += interval;
            }
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket?.Dispose();
            }
        }
    }

    /// <summary>Spreads first scrapes over the interval, as obs and Prometheus do.</summary>
    public static TimeSpan[] Offsets(int count, TimeSpan interval) =>
        [.. Enumerable.Range(0, count).Select(i => interval * i / count)];

    private static Socket Connect(Uri target)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(target.Host, target.Port);
        return socket;
    }

    private static int ReadResponse(Socket socket, byte[] buffer)
    {
        int total = 0, end = -1, length = 0;
        while (end < 0 || total < end)
        {
            var read = socket.Receive(buffer, total, buffer.Length - total, SocketFlags.None);
            if (read == 0)
            {
                throw new IOException("the target closed the connection");
            }

            total += read;
            if (end < 0)
            {
                end = MinimalHttp.ResponseEnd(buffer.AsSpan(0, total), out length);
            }
        }

        return length;
    }
}
