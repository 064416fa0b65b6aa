using System.Text;
using Observability.Collectors.Scraping.PlainHttp;

namespace Observability.Collectors.Tests.Scraping.PlainHttp;

public sealed class ResponseHeadTests
{
    [Fact]
    public void Parse_TypicalHead_FieldsAndKeepAlive()
    {
        var head = Parse("HTTP/1.1 200 OK\r\ncontent-type: text/plain; version=0.0.4\r\nCONTENT-LENGTH:  12 \r\nDate: x");

        Assert.Equal(new ResponseHead(200, "OK", "text/plain; version=0.0.4", null, 12, false, true), head);
    }

    [Fact]
    public void Parse_ChunkedWithContentLength_ChunkedWins()
    {
        var head = Parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked");

        Assert.True(head.Chunked);
        Assert.Null(head.ContentLength);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: keep-alive, close", false)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 1", false)]
    [InlineData("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 1", true)]
    [InlineData("HTTP/1.0 200 OK\r\nConnection: keep-alive", false)]
    [InlineData("HTTP/1.1 204 No Content", true)]
    public void Parse_ConnectionReuse_FollowsVersionAndHeader(string text, bool keepAlive) =>
        Assert.Equal(keepAlive, Parse(text).KeepAlive);

    [Theory]
    [InlineData("HTTP/2 200 OK")]
    [InlineData("HTTP/1.1 20 OK")]
    [InlineData("ICY 200 OK")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon here")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip")]
    public void Parse_Malformed_Throws(string text) =>
        Assert.Throws<InvalidDataException>(() => Parse(text));

    [Fact]
    public void HasBody_NoBodyStatuses() =>
        Assert.Equal([false, true, false, false], new[] { 101, 200, 204, 304 }.Select(s => Parse($"HTTP/1.1 {s} X").HasBody));

    private static ResponseHead Parse(string text) => ResponseHead.Parse(Encoding.ASCII.GetBytes(text));
}
