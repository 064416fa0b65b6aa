using System.Text;

namespace Observability.FetchCost;

/// <summary>
/// The minimal HTTP/1.1 exchange the socket modes share: a plain GET, and where its Content-Length response ends.
/// Not a client: no chunked bodies, redirects or TLS; the fleet answers every GET with a Content-Length body.
/// </summary>
internal static class MinimalHttp
{
    public static byte[] Request(Uri target) =>
        Encoding.ASCII.GetBytes($"GET {target.PathAndQuery} HTTP/1.1\r\nHost: {target.Authority}\r\nAccept: text/plain\r\n\r\n");

    /// <summary>Where the response in <paramref name="received"/> ends (head and body), or -1 while its head is incomplete.</summary>
    public static int ResponseEnd(ReadOnlySpan<byte> received, out int bodyLength)
    {
        bodyLength = 0;
        var headEnd = received.IndexOf("\r\n\r\n"u8);
        if (headEnd < 0)
        {
            return -1;
        }

        bodyLength = ContentLength(Encoding.ASCII.GetString(received[..headEnd]));
        return headEnd + 4 + bodyLength;
    }

    private static int ContentLength(string head)
    {
        const string Name = "Content-Length:";
        var line = head.Split("\r\n").FirstOrDefault(l => l.StartsWith(Name, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidDataException("the socket modes read Content-Length bodies only");
        return int.Parse(line.AsSpan(Name.Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
