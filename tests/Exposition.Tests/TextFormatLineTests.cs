using Observability.Collectors.Exposition;
using Observability.Exposition.Tests.Support;

namespace Observability.Exposition.Tests;

/// <summary>Prometheus text format lines: metadata, families, line ends, elisions and parser reuse.</summary>
public class TextFormatLineTests
{
    [Fact]
    public void Parse_TextHistogram_AssignsFamilyAndTypeToBucketSumAndCount()
    {
        var text = "# HELP x_seconds Latency.\n# TYPE x_seconds histogram\n" +
            "x_seconds_bucket{le=\"0.1\"} 1\nx_seconds_bucket{le=\"+Inf\"} 2\nx_seconds_sum 0.3\nx_seconds_count 2\n";

        var (result, samples) = Parse.Text(text);

        Assert.True(result.Ok, result.ToString());
        Assert.All(samples, s => Assert.Equal(("x_seconds", MetricType.Histogram), (s.FamilyName, s.Type)));
        Assert.Equal(["x_seconds_bucket", "x_seconds_bucket", "x_seconds_sum", "x_seconds_count"], samples.Select(s => s.Name));
        Assert.Equal("+Inf", samples[1].Label("le"));
    }

    [Fact]
    public void Parse_TextSummary_AssignsFamilyToQuantilesSumAndCountInAnyOrder()
    {
        var text = "# TYPE q summary\nq_count 4\nq_sum 2\nq{quantile=\"0.5\"} 0.4\n";

        var (result, samples) = Parse.Text(text);

        Assert.True(result.Ok, result.ToString());
        Assert.All(samples, s => Assert.Equal(("q", MetricType.Summary), (s.FamilyName, s.Type)));
    }

    [Fact]
    public void Parse_TextCounterDeclaredWithTotal_FamilyIsTheDeclaredName()
    {
        var (result, samples) = Parse.Text("# TYPE vllm:prompt_tokens_total counter\nvllm:prompt_tokens_total{model_name=\"m\"} 10\n");

        Assert.True(result.Ok, result.ToString());
        var s = Assert.Single(samples);
        Assert.Equal(("vllm:prompt_tokens_total", MetricType.Counter), (s.FamilyName, s.Type));
    }

    [Fact]
    public void Parse_TextUntypedSamples_FamilyNameEqualsNameAndTypeUnknown()
    {
        var (result, samples) = Parse.Text("# TYPE h histogram\nplain 1\nh_total 2\nother_bucket{le=\"1\"} 3\n");

        Assert.True(result.Ok, result.ToString());
        Assert.All(samples, s => Assert.Equal((s.Name, MetricType.Unknown), (s.FamilyName, s.Type)));
    }

    [Fact]
    public void Parse_TextTypeWordWithBackslashes_BackslashesIgnoredAsGoDoes()
    {
        var (result, samples) = Parse.Text("# TYPE a gaug\\e\na 1\n# TYPE b gauge\\_histogram\\\nb 1\n");

        Assert.True(result.Ok, result.ToString());
        Assert.Equal([MetricType.Gauge, MetricType.GaugeHistogram], samples.Select(s => s.Type));
    }

    [Fact]
    public void Parse_TextTypesAreCaseInsensitive_GaugeHistogramAndUntypedAccepted()
    {
        var (result, samples) = Parse.Text("# TYPE a Gauge\na 1\n# TYPE b GAUGE_HISTOGRAM\nb 1\n# TYPE c untyped\nc 1\n");

        Assert.True(result.Ok, result.ToString());
        Assert.Equal([MetricType.Gauge, MetricType.GaugeHistogram, MetricType.Unknown], samples.Select(s => s.Type));
    }

    [Theory]
    [InlineData("m 1\n# TYPE m counter\n", 2, "TYPE reported after its samples")]
    [InlineData("# TYPE m counter\n# TYPE m gauge\n", 2, "second TYPE line")]
    [InlineData("# HELP m a\n# HELP m b\n", 2, "second HELP line")]
    [InlineData("# TYPE m summary\n# TYPE m_count gauge\n", 2, "second TYPE line for metric name \"m\"")]
    [InlineData("# TYPE m stateset\n", 1, "unknown metric type \"stateset\"")]
    [InlineData("# TYPE m counter \n", 1, "unknown metric type \"counter \"")]
    [InlineData("# TYPE m gauge_histograms\n", 1, "unknown metric type")]
    [InlineData("# TYPE m gaugehistogram\n", 1, "unknown metric type")]
    [InlineData("# HELP m a\\tb\n", 1, "invalid escape sequence")]
    [InlineData("# TYPE met-ric counter\n", 1, "invalid metric name in TYPE line")]
    public void Parse_TextBadMetadata_FailsAtItsLine(string text, int line, string expected)
    {
        var (result, _) = Parse.Text(text);

        Assert.False(result.Ok);
        Assert.Equal(line, result.LineNumber);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TextHelpEscapesAndFreeComments_Accepted()
    {
        var (result, samples) = Parse.Text("# HELP m a\\\\b\\nc \"quoted\"\n# any comment at all \\q\n#\n# HELP\nm 1\n");

        Assert.True(result.Ok, result.ToString());
        Assert.Single(samples);
    }

    [Fact]
    public void Parse_TextEmptyBody_SucceedsWithoutSamples()
    {
        var (result, samples) = Parse.Text(string.Empty);

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(0, result.Samples);
        Assert.Empty(samples);
    }

    [Fact]
    public void Parse_TextBlankLinesAndTrailingBlanks_Accepted()
    {
        var (result, samples) = Parse.Text("\n\n  \nm 1\n\n\t \n  ");

        Assert.True(result.Ok, result.ToString());
        Assert.Single(samples);
    }

    [Theory]
    [InlineData("m 1", 1)]
    [InlineData("m 1\nn{a=\"b\"} 2 1234", 2)]
    [InlineData("m 1\n# HELP m text", 2)]
    [InlineData("m 1\n# just a comment", 2)]
    public void Parse_TextMissingTrailingNewline_FailsAsPromtoolDoes(string text, int line)
    {
        var (result, _) = Parse.Text(text);

        Assert.False(result.Ok);
        Assert.Equal(line, result.LineNumber);
        Assert.Contains("does not end with a newline", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TextMissingTrailingNewlineAfterEarlierError_ReportsTheEarlierError()
    {
        var (result, _) = Parse.Text("m{a=\"\\t\"} 1");

        Assert.False(result.Ok);
        Assert.Contains("invalid escape sequence", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TextCrlfSampleLine_FailsBecauseCarriageReturnIsNotWhitespace()
    {
        var (result, _) = Parse.Text("m{a=\"1\"} 1\r\n");

        Assert.False(result.Ok);
        Assert.Contains("expected float as value, got \"1\\r\"", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TextCrlfOnHelpLine_KeptInTheTextAndAccepted()
    {
        var (result, samples) = Parse.Text("# HELP m some help\r\nm 1\n");

        Assert.True(result.Ok, result.ToString());
        Assert.Single(samples);
    }

    [Fact]
    public void Parse_TextCrlfOnTypeLine_FailsAsUnknownType()
    {
        var (result, _) = Parse.Text("# TYPE m counter\r\nm 1\n");

        Assert.False(result.Ok);
        Assert.Contains("unknown metric type \"counter\\r\"", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("...\n")]
    [InlineData("   ...\n")]
    [InlineData("m 1\n...")]
    [InlineData("m 1\n... more metrics\nn 2\n")]
    public void Parse_TextElisionLineStrict_FailsWithLenientHint(string text)
    {
        var (result, _) = Parse.Text(text);

        Assert.False(result.Ok);
        Assert.Contains("elided documentation excerpt", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("...\nm 1\n", 1)]
    [InlineData("m 1\n   ...\nn 2\n", 2)]
    [InlineData("m 1\n...", 1)]
    [InlineData("m 1\n... more metrics\nn 2\n...\n", 2)]
    public void Parse_TextElisionLineLenient_SkipsIt(string text, int samples)
    {
        var (result, parsed) = Parse.Text(text, new ParserOptions { Lenient = true });

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(samples, parsed.Count);
    }

    [Fact]
    public void Parse_TextElisionInsideALabelSetLenient_StillFails()
    {
        var (result, _) = Parse.Text("m{a=\"1\",...} 1\n", new ParserOptions { Lenient = true });

        Assert.False(result.Ok);
    }

    [Fact]
    public void Parse_SameParserTwice_StartsEachParseWithNoFamilies()
    {
        var parser = new ExpositionParser();
        var body = "# TYPE m counter\nm 1\n"u8.ToArray();
        var sink = new CountingSink();

        var first = parser.Parse(body, ExpositionFormat.PrometheusText, ref sink);
        var second = parser.Parse(body, ExpositionFormat.PrometheusText, ref sink);

        Assert.True(first.Ok, first.ToString());
        Assert.True(second.Ok, second.ToString());
        Assert.Equal(2, sink.Count);
    }

    [Fact]
    public void Parse_AfterFailedParse_NextParseSucceeds()
    {
        var parser = new ExpositionParser();
        var sink = new CountingSink();

        var bad = parser.Parse("m{a=\"1\" 1\n"u8, ExpositionFormat.PrometheusText, ref sink);
        var good = parser.Parse("m{a=\"1\"} 1\n"u8, ExpositionFormat.PrometheusText, ref sink);

        Assert.False(bad.Ok);
        Assert.Equal(ParseResult.Success(1), good);
    }

    [Fact]
    public void Parse_UnknownFormatValue_Throws()
    {
        var sink = new CountingSink();

        Assert.Throws<ArgumentOutOfRangeException>(() => new ExpositionParser().Parse("m 1\n"u8, (ExpositionFormat)7, ref sink));
    }
}
