using Observability.Collectors.Exposition;
using Observability.Exposition.Tests.Support;

namespace Observability.Exposition.Tests;

public class LimitsTests
{
    public static TheoryData<ExpositionFormat> Formats => new() { ExpositionFormat.PrometheusText, ExpositionFormat.OpenMetrics };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Parse_MoreSamplesThanMaxSamples_FailsWithSampleLimitAtTheFirstExtraSample(ExpositionFormat format)
    {
        var (result, samples) = Run("a 1\nb 2\nc 3\n", format, new ParserOptions { MaxSamples = 2 });

        Assert.False(result.Ok);
        Assert.Equal(ParseErrorKind.SampleLimit, result.ErrorKind);
        Assert.Equal(3, result.LineNumber);
        Assert.Equal(2, result.Samples);
        Assert.Equal(2, samples.Count);
        Assert.Contains("MaxSamples=2", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Parse_ExactlyMaxSamples_Succeeds(ExpositionFormat format)
    {
        var (result, _) = Run("a 1\nb 2\n", format, new ParserOptions { MaxSamples = 2 });

        Assert.True(result.Ok, result.ToString());
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Parse_MoreLabelsThanMaxLabelCount_FailsWithLabelLimit(ExpositionFormat format)
    {
        var (result, _) = Run("a{x=\"1\",y=\"2\",z=\"3\"} 1\n", format, new ParserOptions { MaxLabelCount = 2 });

        Assert.False(result.Ok);
        Assert.Equal(ParseErrorKind.LabelLimit, result.ErrorKind);
        Assert.Contains("MaxLabelCount=2", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Parse_LabelNameLongerThanMax_FailsWithLabelLimit(ExpositionFormat format)
    {
        var (ok, _) = Run("a{abcd=\"1\"} 1\n", format, new ParserOptions { MaxLabelNameLength = 4 });
        var (result, _) = Run("a{abcde=\"1\"} 1\n", format, new ParserOptions { MaxLabelNameLength = 4 });

        Assert.True(ok.Ok, ok.ToString());
        Assert.False(result.Ok);
        Assert.Equal(ParseErrorKind.LabelLimit, result.ErrorKind);
        Assert.Contains("MaxLabelNameLength=4", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Parse_LabelValueLongerThanMaxAfterUnescaping_FailsWithLabelLimit(ExpositionFormat format)
    {
        // "a\nb" is 4 bytes written but 3 unescaped: the limit applies to the unescaped value.
        var (ok, _) = Run("a{x=\"a\\nb\"} 1\n", format, new ParserOptions { MaxLabelValueLength = 3 });
        var (result, _) = Run("a{x=\"abcd\"} 1\n", format, new ParserOptions { MaxLabelValueLength = 3 });

        Assert.True(ok.Ok, ok.ToString());
        Assert.False(result.Ok);
        Assert.Equal(ParseErrorKind.LabelLimit, result.ErrorKind);
        Assert.Contains("MaxLabelValueLength=3", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LimitsOfZero_AreOff()
    {
        var labels = string.Join(",", Enumerable.Range(0, 100).Select(i => $"l{i}=\"{new string('v', 100)}\""));
        var (result, _) = Parse.Text($"a{{{labels}}} 1\n", new ParserOptions { MaxLabelCount = 0, MaxLabelValueLength = 0, MaxLabelNameLength = 0 });

        Assert.True(result.Ok, result.ToString());
    }

    [Fact]
    public void Parse_SyntaxError_HasSyntaxKind()
    {
        var (result, _) = Parse.Text("a{ 1\n");

        Assert.Equal(ParseErrorKind.Syntax, result.ErrorKind);
    }

    private static (ParseResult Result, List<ParsedSample> Samples) Run(string text, ExpositionFormat format, ParserOptions options) =>
        format == ExpositionFormat.OpenMetrics ? Parse.OpenMetrics(text + "# EOF\n", options) : Parse.Text(text, options);
}
