using Observability.Collectors.Exposition;
using Observability.Exposition.Tests.Support;

namespace Observability.Exposition.Tests;

/// <summary>Prometheus text format values and timestamps: Go float and integer grammars.</summary>
public class TextFormatValueTests
{
    [Fact]
    public void Parse_TextSimpleSample_EmitsNameValueLabelsAndLine()
    {
        var (result, samples) = Parse.Text("# comment\nDCGM_FI_DEV_GPU_TEMP{gpu=\"0\",UUID=\"GPU-1\"} 30\n");

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(1, result.Samples);
        var s = Assert.Single(samples);
        Assert.Equal("DCGM_FI_DEV_GPU_TEMP", s.Name);
        Assert.Equal(30, s.Value);
        Assert.Equal("0", s.Label("gpu"));
        Assert.Equal("GPU-1", s.Label("UUID"));
        Assert.Equal(["gpu", "UUID"], s.Labels.Select(l => l.Key));
        Assert.Null(s.TimestampMs);
        Assert.Equal(2, s.LineNumber);
    }

    [Theory]
    [InlineData("NaN", double.NaN)]
    [InlineData("nan", double.NaN)]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("-Inf", double.NegativeInfinity)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    [InlineData("1.5e3", 1500)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5)]
    [InlineData("-0.25", -0.25)]
    [InlineData("409.692000", 409.692)]
    [InlineData("9223372036854775794", 9223372036854775794d)]
    [InlineData("1e-400", 0)]
    public void Parse_TextSpecialAndDecimalValues_ParsesLikePrometheus(string token, double expected)
    {
        var (result, samples) = Parse.Text($"m {token}\n");

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(expected, Assert.Single(samples).Value);
    }

    [Theory]
    [InlineData("+NaN")]
    [InlineData("-nan")]
    [InlineData("0x1p3")]
    [InlineData("0x10")]
    [InlineData("1_000")]
    [InlineData("1e400")]
    [InlineData("1.5e")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("infinit")]
    public void Parse_TextInvalidValue_FailsWithTheToken(string token)
    {
        var (result, _) = Parse.Text($"m {token}\n");

        Assert.False(result.Ok);
        Assert.Contains($"expected float as value, got \"{token}\"", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("m 1 1700000000123\n", 1700000000123L)]
    [InlineData("m 1 -5\n", -5L)]
    [InlineData("m 1 +7\n", 7L)]
    [InlineData("m\t1\t42\n", 42L)]
    public void Parse_TextTimestamp_IsIntegerMilliseconds(string text, long expected)
    {
        var (result, samples) = Parse.Text(text);

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(expected, Assert.Single(samples).TimestampMs);
    }

    [Theory]
    [InlineData("m 1 1.5\n", "expected integer as timestamp")]
    [InlineData("m 1 9223372036854775808\n", "expected integer as timestamp")]
    [InlineData("m 1 \n", "trailing whitespace")]
    [InlineData("m 1 2 \n", "spurious string after timestamp")]
    [InlineData("m 1 2 # {a=\"b\"} 1\n", "spurious string after timestamp")]
    public void Parse_TextBadTimestamp_Fails(string text, string expected)
    {
        var (result, _) = Parse.Text(text);

        Assert.False(result.Ok);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TextNameRunningIntoValue_ParsedAsGoDoes()
    {
        // Go reads the name up to the first non-name byte and the value from there: "m-1 2" is m = -1 at 2 ms.
        var (result, samples) = Parse.Text("m-1 2\n");

        Assert.True(result.Ok, result.ToString());
        var s = Assert.Single(samples);
        Assert.Equal(("m", -1d, 2L), (s.Name, s.Value, s.TimestampMs!.Value));
    }
}
