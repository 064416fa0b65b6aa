using Observability.Simulator.Implementation.Rendering;

namespace Observability.Simulator.Tests;

public sealed class PromFormatTests
{
    [Theory]
    [InlineData(0.0, "0.0")]
    [InlineData(1.0, "1.0")]
    [InlineData(27453.0, "27453.0")]
    [InlineData(0.5, "0.5")]
    [InlineData(0.31326723098754883, "0.31326723098754883")]
    [InlineData(999999.0, "999999.0")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(1000000.0, "1e+06")]
    [InlineData(6634254336.0, "6.634254336e+09")]
    [InlineData(12000000000000.0, "1.2e+013")]
    [InlineData(1234567.5, "1.2345675e+06")]
    [InlineData(0.00001, "1e-05")]
    public void Python_Value_MatchesPrometheusClient(double value, string expected) =>
        Assert.Equal(expected, PromFormat.Python(value));

    [Theory]
    [InlineData(100.0, "100")]
    [InlineData(0.4875, "0.4875")]
    [InlineData(1700074049.0, "1700074049")]
    public void Shortest_Value_MatchesPrometheusCpp(double value, string expected) =>
        Assert.Equal(expected, PromFormat.Shortest(value));

    [Theory]
    [InlineData(409.692, "409.692000")]
    [InlineData(0.99563, "0.995630")]
    [InlineData(66.0, "66.000000")]
    public void Fixed6_Value_MatchesGoPercentF(double value, string expected)
    {
        Span<byte> buffer = stackalloc byte[PromFormat.MaxLength];
        var n = PromFormat.WriteFixed6(value, buffer);

        Assert.Equal(expected, System.Text.Encoding.ASCII.GetString(buffer[..n]));
    }
}
