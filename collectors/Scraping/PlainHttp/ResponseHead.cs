using System.Buffers.Text;
using System.Text;

namespace Observability.Collectors.Scraping.PlainHttp;

/// <summary>
/// The parts of an HTTP/1.x response head a scrape needs: status, content type and encoding, how the body is framed,
/// and whether the connection stays open. Other headers are skipped unread.
/// </summary>
internal sealed record ResponseHead(int Status, string Reason, string? ContentType, string? ContentEncoding, long? ContentLength, bool Chunked, bool KeepAlive)
{
    /// <summary>1xx, 204 and 304 responses never carry a body, whatever their headers say (RFC 9112 §6.3).</summary>
    public bool HasBody => Status is >= 200 and not 204 and not 304;

    /// <summary>Parses the head (status line and header lines, without the blank line that ends it).</summary>
    public static ResponseHead Parse(ReadOnlySpan<byte> head)
    {
        var lineEnd = head.IndexOf("\r\n"u8);
        var statusLine = lineEnd < 0 ? head : head[..lineEnd];
        // "HTTP/1.1 200 OK": version, a space, three digits, then an optional reason.
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != (byte)' '
            || !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out var consumed) || consumed != 3)
        {
            throw new InvalidDataException($"malformed HTTP status line '{Text(statusLine)}'");
        }

        var http10 = statusLine[7] == (byte)'0';
        var reason = statusLine.Length > 13 ? Text(statusLine[13..]) : "";
        string? contentType = null, contentEncoding = null;
        long? contentLength = null;
        bool chunked = false, close = http10, keepAlive = false;
        var rest = lineEnd < 0 ? [] : head[(lineEnd + 2)..];
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                throw new InvalidDataException($"malformed HTTP header line '{Text(line)}'");
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "Content-Type"u8))
            {
                contentType = Text(value);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Content-Encoding"u8))
            {
                contentEncoding = Text(value);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!Utf8Parser.TryParse(value, out long length, out var used) || used != value.Length || length < 0
                    || (contentLength is { } seen && seen != length))
                {
                    throw new InvalidDataException($"invalid Content-Length '{Text(value)}'");
                }

                contentLength = length;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                // Only chunked is ever sent to a client that did not ask for more (RFC 9112 §6.1); it must come last.
                if (!EndsWithToken(value, "chunked"u8))
                {
                    throw new InvalidDataException($"unsupported Transfer-Encoding '{Text(value)}'");
                }

                chunked = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                close |= ContainsToken(value, "close"u8);
                keepAlive |= ContainsToken(value, "keep-alive"u8);
            }
        }

        // Transfer-Encoding overrides Content-Length (RFC 9112 §6.3); an HTTP/1.0 server keeps the connection only when it says so.
        return new ResponseHead(
            status, reason, contentType, contentEncoding, chunked ? null : contentLength, chunked, !close || (http10 && keepAlive && !chunked && contentLength is not null));
    }

    private static bool ContainsToken(ReadOnlySpan<byte> list, ReadOnlySpan<byte> token)
    {
        foreach (var range in list.Split((byte)','))
        {
            if (Ascii.EqualsIgnoreCase(list[range].Trim(" \t"u8), token))
            {
                return true;
            }
        }

        return false;
    }

    private static bool EndsWithToken(ReadOnlySpan<byte> list, ReadOnlySpan<byte> token)
    {
        var comma = list.LastIndexOf((byte)',');
        return Ascii.EqualsIgnoreCase(list[(comma + 1)..].Trim(" \t"u8), token);
    }

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
}
