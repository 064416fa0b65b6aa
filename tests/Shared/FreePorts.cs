using System.Net;
using System.Net.Sockets;

namespace Observability.Tests.Shared;

/// <summary>Free loopback ports chosen at run time, so concurrent test runs never collide on well-known ones.</summary>
internal static class FreePorts
{
    /// <summary>Returns <paramref name="count"/> distinct ports the OS reports free right now (all held open until all are chosen).</summary>
    public static int[] Take(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
