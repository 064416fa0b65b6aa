using System.Text;
using Observability.Collectors.Scraping;
using Observability.Collectors.Scraping.PlainHttp;

namespace Observability.Collectors.Tests.Scraping.PlainHttp;

public sealed class ChunkedDecoderTests
{
    private const string Encoded = "5;name=value\r\nhello\r\nB\r\n, chunked!\n\r\n0\r\nTrailer: x\r\nOther: y\r\n\r\n";

    [Fact]
    public void Decode_EverySplitIntoTwoPieces_SameBodyAndEveryByteConsumed()
    {
        var bytes = Encoding.ASCII.GetBytes(Encoded);
        for (var split = 0; split <= bytes.Length; split++)
        {
            using var body = new BodyReader(4);
            var decoder = default(ChunkedDecoder);

            var used = decoder.Decode(bytes.AsSpan(0, split), body, 1024) + decoder.Decode(bytes.AsSpan(split), body, 1024);

            Assert.True(decoder.Done, $"split at {split}");
            Assert.Equal(bytes.Length, used);
            Assert.Equal("hello, chunked!\n", Encoding.ASCII.GetString(body.Span));
        }
    }

    [Fact]
    public void Decode_BytesAfterTheEnd_LeftUnconsumed()
    {
        using var body = new BodyReader(4);
        var decoder = default(ChunkedDecoder);

        var used = decoder.Decode(Encoding.ASCII.GetBytes("0\r\n\r\nHTTP/1.1"), body, 1024);

        Assert.Equal(5, used);
        Assert.True(decoder.Done);
    }

    [Theory]
    [InlineData("x\r\n")]
    [InlineData("5\r\nhelloXY")]
    [InlineData("5\n")]
    [InlineData("1000000000000000\r\n")]
    public void Decode_BrokenFraming_Throws(string encoded)
    {
        using var body = new BodyReader(4);
        var decoder = default(ChunkedDecoder);

        Assert.Throws<InvalidDataException>(() => decoder.Decode(Encoding.ASCII.GetBytes(encoded), body, 1 << 20));
    }

    [Fact]
    public void Decode_BodyOverLimit_Refused()
    {
        using var body = new BodyReader(4);
        var decoder = default(ChunkedDecoder);

        Assert.Equal(-1, decoder.Decode(Encoding.ASCII.GetBytes(Encoded), body, 10));
    }
}
