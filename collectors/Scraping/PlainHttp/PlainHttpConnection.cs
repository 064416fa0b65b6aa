using System.Buffers;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Observability.Collectors.Scraping.PlainHttp;

/// <summary>
/// One target's keep-alive HTTP/1.1 connection, used with blocking socket calls from the scrape worker threads: a GET
/// costs a send and a few receives, with no thread hops. It frames Content-Length, chunked and close-delimited bodies
/// and inflates gzip. Redirects and TLS are not its business: <see cref="TargetScraper"/> hands those to HttpClient.
/// Cancelling the token closes the socket, which ends any blocking call at once.
/// </summary>
internal sealed class PlainHttpConnection : IDisposable
{
    private const int MaxHeadBytes = 64 * 1024;

    private readonly DnsEndPoint _endPoint;
    private readonly byte[] _request;
    private byte[] _receive = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private Socket? _socket;

    public PlainHttpConnection(Uri url, IEnumerable<KeyValuePair<string, string>> headers)
    {
        if (url.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"plain HTTP only, not '{url.Scheme}'", nameof(url));
        }

        _endPoint = new DnsEndPoint(url.IdnHost, url.Port);
        var request = new StringBuilder($"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\n");
        foreach (var (name, value) in headers)
        {
            request.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        _request = Encoding.ASCII.GetBytes(request.Append("\r\n").ToString());
    }

    /// <summary>Sends the GET and, for a 2xx response, reads the decoded body into <paramref name="body"/>.</summary>
    public FetchedResponse Get(BodyReader body, long maxBytes, CancellationToken token)
    {
        body.Clear();
        var reused = _socket is not null;
        var socket = _socket ??= new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var abort = token.Register(static s => ((Socket)s!).Dispose(), socket);
        try
        {
            if (!reused)
            {
                socket.Connect(_endPoint);
            }

            (ResponseHead? head, int headEnd, int received) = (null, 0, 0);
            try
            {
                socket.Send(_request);
                (head, headEnd, received) = ReceiveHead(socket);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException && reused && !token.IsCancellationRequested)
            {
                // Reset or closed while idle (an earlier scrape's timeout may have closed it as that scrape ended).
            }

            if (head is null && reused)
            {
                // The target closed the idle connection before our request reached it: once more, on a new one (a GET is safe to repeat).
                Close();
                return Get(body, maxBytes, token);
            }

            return ReadBody(socket, head ?? throw new IOException("the target closed the connection without responding"), headEnd, received, body, maxBytes);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException && token.IsCancellationRequested)
        {
            Close();
            throw new OperationCanceledException("the scrape was cancelled", e, token);
        }
        catch
        {
            Close();
            throw;
        }
    }

    /// <summary>The final response head (interim 1xx heads are skipped), where it ends, and the bytes received so far; a null head when the connection closed before any byte.</summary>
    private (ResponseHead? Head, int HeadEnd, int Received) ReceiveHead(Socket socket)
    {
        var received = 0;
        var start = 0;
        while (true)
        {
            var end = _receive.AsSpan(start, received - start).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                var head = ResponseHead.Parse(_receive.AsSpan(start, end));
                if (head.Status is >= 100 and < 200)
                {
                    start += end + 4;
                    continue;
                }

                return (head, start + end + 4, received);
            }

            if (received == _receive.Length)
            {
                if (received >= MaxHeadBytes)
                {
                    throw new InvalidDataException($"response head larger than {MaxHeadBytes / 1024} KiB");
                }

                GrowReceive();
            }

            var read = socket.Receive(_receive.AsSpan(received));
            if (read == 0)
            {
                return received == 0 ? (null, 0, 0) : throw new IOException("the target closed the connection in the middle of the response head");
            }

            received += read;
        }
    }

    private FetchedResponse ReadBody(Socket socket, ResponseHead head, int headEnd, int received, BodyReader body, long maxBytes)
    {
        if (!head.HasBody)
        {
            KeepOrClose(head.KeepAlive && received == headEnd);
            return new FetchedResponse(head, false);
        }

        if (head.Status is < 200 or >= 300 || head.ContentLength > maxBytes)
        {
            // Neither body is wanted: drop the connection rather than read what will be thrown away.
            Close();
            return new FetchedResponse(head, head.ContentLength > maxBytes);
        }

        var gzip = IsGzip(head.ContentEncoding);
        using var compressed = gzip ? new BodyReader(4096) : null;
        var target = compressed ?? body;
        var leftover = _receive.AsSpan(headEnd, received - headEnd);
        bool complete, clean;
        if (head.ContentLength is { } length)
        {
            ReadLength(socket, leftover, (int)length, target);
            (complete, clean) = (true, leftover.Length <= length);
        }
        else if (head.Chunked)
        {
            (complete, clean) = ReadChunked(socket, leftover, target, maxBytes);
        }
        else
        {
            (complete, clean) = (ReadToClose(socket, leftover, target, maxBytes), false);
        }

        KeepOrClose(complete && clean && head.KeepAlive);
        if (!complete)
        {
            return new FetchedResponse(head, true);
        }

        return compressed is null ? new FetchedResponse(head, false) : new FetchedResponse(head, !Inflate(compressed, body, maxBytes));
    }

    private static void ReadLength(Socket socket, ReadOnlySpan<byte> leftover, int length, BodyReader body)
    {
        body.Reserve(length);
        body.Append(leftover[..Math.Min(leftover.Length, length)], length);
        while (body.Length < length)
        {
            var read = socket.Receive(body.Free(length)[..(length - body.Length)]);
            if (read == 0)
            {
                throw new IOException($"the target closed the connection after {body.Length} of {length} body bytes");
            }

            body.Advance(read);
        }
    }

    private (bool Complete, bool Clean) ReadChunked(Socket socket, ReadOnlySpan<byte> leftover, BodyReader body, long maxBytes)
    {
        var decoder = default(ChunkedDecoder);
        var used = decoder.Decode(leftover, body, maxBytes);
        var clean = used == leftover.Length;
        while (used >= 0 && !decoder.Done)
        {
            var read = socket.Receive(_receive);
            if (read == 0)
            {
                throw new IOException("the target closed the connection in the middle of a chunked body");
            }

            used = decoder.Decode(_receive.AsSpan(0, read), body, maxBytes);
            clean = used == read;
        }

        return (used >= 0, clean);
    }

    /// <summary>A body without framing ends when the target closes the connection.</summary>
    private static bool ReadToClose(Socket socket, ReadOnlySpan<byte> leftover, BodyReader body, long maxBytes)
    {
        using var stream = new NetworkStream(socket, ownsSocket: false);
        return body.Append(leftover, maxBytes) && body.Read(stream, maxBytes);
    }

    private static bool Inflate(BodyReader compressed, BodyReader body, long maxBytes)
    {
        using var gzip = new GZipStream(compressed.OpenRead(), CompressionMode.Decompress);
        return body.Read(gzip, maxBytes);
    }

    private static bool IsGzip(string? encoding) => encoding switch
    {
        null or "" => false,
        _ when encoding.Equals("identity", StringComparison.OrdinalIgnoreCase) => false,
        _ when encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || encoding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase) => true,
        _ => throw new InvalidDataException($"unsupported Content-Encoding '{encoding}'"),
    };

    private void KeepOrClose(bool keep)
    {
        if (!keep)
        {
            Close();
        }
    }

    private void GrowReceive()
    {
        var bigger = ArrayPool<byte>.Shared.Rent(_receive.Length * 2);
        _receive.CopyTo(bigger, 0);
        ArrayPool<byte>.Shared.Return(_receive);
        _receive = bigger;
    }

    private void Close()
    {
        _socket?.Dispose();
        _socket = null;
    }

    public void Dispose()
    {
        Close();
        ArrayPool<byte>.Shared.Return(_receive);
        _receive = [];
    }
}
