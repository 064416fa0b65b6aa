using System.Net;
using System.Net.Sockets;

namespace Observability.Alerts.Tests.Support;

internal static class FreePort
{
    /// <summary>A loopback port the kernel just handed out; another process could take it before we bind, so callers retry.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
