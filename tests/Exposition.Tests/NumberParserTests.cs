using System.Text;
using Observability.Collectors.Exposition.Implementation;

namespace Observability.Exposition.Tests;

public class NumberParserTests
{
    [Theory]
    [InlineData("0", 0d)]
    [InlineData("-0", -0d)]
    [InlineData("00012", 12d)]
    [InlineData("0.1", 0.1)]
    [InlineData("123456789012345", 123456789012345d)]
    [InlineData("1234567890123456789012", 1.234567890123456789012e21)]
    [InlineData("0.000000000000000000000000001", 1e-27)]
    [InlineData("2.2250738585072014e-308", 2.2250738585072014e-308)]
    [InlineData("1.7976931348623157e308", double.MaxValue)]
    [InlineData("4.9e-324", double.Epsilon)]
    [InlineData("1E+5", 1e5)]
    [InlineData("INF", double.PositiveInfinity)]
    [InlineData("+infinity", double.PositiveInfinity)]
    public void TryParseTextFloat_ValidToken_RoundsCorrectly(string token, double expected)
    {
        Assert.True(NumberParser.TryParseTextFloat(Encoding.ASCII.GetBytes(token), out var value));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("+")]
    [InlineData("e5")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("0x1p-3")]
    [InlineData("1_0")]
    [InlineData("Infx")]
    [InlineData("+NaN")]
    [InlineData("1.7976931348623159e308")]
    public void TryParseTextFloat_InvalidToken_ReturnsFalse(string token)
    {
        Assert.False(NumberParser.TryParseTextFloat(Encoding.ASCII.GetBytes(token), out _));
    }

    [Fact]
    public void TryParseOpenMetricsFloat_Overflow_IsInfinity()
    {
        Assert.True(NumberParser.TryParseOpenMetricsFloat("-1.7976931348623159e308"u8, out var value));
        Assert.Equal(double.NegativeInfinity, value);
    }

    [Theory]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("+12", 12L)]
    public void TryParseInt64_InRange_Parses(string token, long expected)
    {
        Assert.True(NumberParser.TryParseInt64(Encoding.ASCII.GetBytes(token), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("-")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    public void TryParseInt64_OutOfRangeOrNotInteger_ReturnsFalse(string token)
    {
        Assert.False(NumberParser.TryParseInt64(Encoding.ASCII.GetBytes(token), out _));
    }

    [Theory]
    [InlineData("0.0000000001", 0L)]
    [InlineData("0.0000000010", 1L)]
    [InlineData("1.", 1_000_000_000L)]
    [InlineData(".5", 500_000_000L)]
    [InlineData("-2.25", -2_250_000_000L)]
    [InlineData("1e-3", 1_000_000L)]
    public void TryParseOpenMetricsTimestamp_Decimal_TruncatesToNanoseconds(string token, long expectedNanos)
    {
        Assert.True(NumberParser.TryParseOpenMetricsTimestamp(Encoding.ASCII.GetBytes(token), out var nanos));
        Assert.Equal((Int128)expectedNanos, nanos);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Inf")]
    [InlineData("1e400")]
    [InlineData("1_2")]
    [InlineData("")]
    public void TryParseOpenMetricsTimestamp_NotARealNumber_ReturnsFalse(string token)
    {
        Assert.False(NumberParser.TryParseOpenMetricsTimestamp(Encoding.ASCII.GetBytes(token), out _));
    }
}
