using Observability.Collectors.Exposition;
using Observability.Exposition.Tests.Support;

namespace Observability.Exposition.Tests;

public class TextFormatTests
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

    [Fact]
    public void Parse_TextLabelEscapes_UnescapesBackslashQuoteAndNewline()
    {
        var (result, samples) = Parse.Text("m{a=\"x\\\\y\",b=\"say \\\"hi\\\"\",c=\"l1\\nl2\",d=\"plain\"} 1\n");

        Assert.True(result.Ok, result.ToString());
        var s = Assert.Single(samples);
        Assert.Equal("x\\y", s.Label("a"));
        Assert.Equal("say \"hi\"", s.Label("b"));
        Assert.Equal("l1\nl2", s.Label("c"));
        Assert.Equal("plain", s.Label("d"));
    }

    [Fact]
    public void Parse_TextEscapedValuesOnSuccessiveSamples_EachSampleSeesItsOwnValues()
    {
        var (result, samples) = Parse.Text("m{a=\"1\\n\"} 1\nm{a=\"2\\\\\"} 2\n");

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(["1\n", "2\\"], samples.Select(s => s.Label("a")));
    }

    [Theory]
    [InlineData("m{a=\"\\t\"} 1\n", "invalid escape sequence '\\t'")]
    [InlineData("m{a=\"\\x41\"} 1\n", "invalid escape sequence '\\x'")]
    public void Parse_TextUnknownEscape_FailsNamingTheSequence(string text, string expected)
    {
        var (result, _) = Parse.Text(text);

        Assert.False(result.Ok);
        Assert.Equal(1, result.LineNumber);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TextLabelsTryGetValue_FindsByNameAndReportsAbsence()
    {
        var parser = new ExpositionParser();
        var sink = new LookupSink();
        var result = parser.Parse("m{gpu=\"3\",UUID=\"GPU-x\\\"y\"} 1\n"u8, ExpositionFormat.PrometheusText, ref sink);

        Assert.True(result.Ok, result.ToString());
        Assert.Equal("GPU-x\"y", sink.Uuid);
        Assert.False(sink.HasPod);
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
    public void Parse_TextMissingEquals_FailsNamingLineAndLabel()
    {
        var text = "# HELP g Temp.\n# TYPE g gauge\ng{gpu=\"0\"} 1\ng{gpu=\"1\"} 1\ng{gpu=\"2\"} 1\ng{gpu=\"3\"} 1\ng{gpu \"4\"} 1\n";

        var (result, samples) = Parse.Text(text);

        Assert.False(result.Ok);
        Assert.Equal(7, result.LineNumber);
        Assert.Equal(4, result.Samples);
        Assert.Equal(4, samples.Count);
        Assert.StartsWith("line 7: expected '=' after label name \"gpu\"", result.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("m{a=\"1\",a=\"2\"} 1\n", "duplicate label name \"a\"")]
    [InlineData("m{__name__=\"x\"} 1\n", "\"__name__\" is reserved")]
    [InlineData("m{1a=\"x\"} 1\n", "invalid label name")]
    [InlineData("m{a=x} 1\n", "expected '\"' at start of the value of label \"a\"")]
    [InlineData("m{a=\"x\"+} 1\n", "expected ',' or '}'")]
    [InlineData("m{a=\"new\nline\"} 1\n", "not closed before the end of the line")]
    [InlineData("m{a=\"1\",,b=\"2\"} 1\n", "invalid label name")]
    [InlineData("{a=\"1\"} 1\n", "invalid metric name")]
    [InlineData("m{a=\"1\"} \n", "expected float as value, got \"\"")]
    public void Parse_TextBadLabels_Fails(string text, string expected)
    {
        var (result, _) = Parse.Text(text);

        Assert.False(result.Ok);
        Assert.Equal(1, result.LineNumber);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TextRepeatedLeOnHistogramBucket_AcceptedAsPrometheusDoes()
    {
        // Go's expfmt keeps le apart from the other labels of a histogram, so it never sees it as duplicated.
        var (result, samples) = Parse.Text("# TYPE h histogram\nh_bucket{le=\"1\",le=\"2\"} 1\n");

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(2, Assert.Single(samples).Labels.Count);
    }

    [Theory]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"x\"} 1\n", "'le' label")]
    [InlineData("# TYPE s summary\ns{quantile=\"x\"} 1\n", "'quantile' label")]
    public void Parse_TextNonNumericLeOrQuantile_Fails(string text, string expected)
    {
        var (result, _) = Parse.Text(text);

        Assert.False(result.Ok);
        Assert.Equal(2, result.LineNumber);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TextLooseSpacingAndTrailingComma_AcceptedAsPrometheusDoes()
    {
        var (result, samples) = Parse.Text("  m { a = \"1\" , b=\"2\", } 3\nn{}4\n");

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(["a", "b"], samples[0].Labels.Select(l => l.Key));
        Assert.Equal(4, samples[1].Value);
    }

    [Fact]
    public void Parse_TextRawLabels_AreTheBytesBetweenTheBraces()
    {
        var (result, samples) = Parse.Text("m{a=\"1\", b=\"\\\"\"} 1\nn 2\n");

        Assert.True(result.Ok, result.ToString());
        Assert.Equal("a=\"1\", b=\"\\\"\"", samples[0].RawLabels);
        Assert.Equal(string.Empty, samples[1].RawLabels);
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

    [Fact]
    public void Parse_TextInvalidUtf8LabelValue_Fails()
    {
        var (result, _) = Parse.Bytes([.. "m{a=\""u8, 0xFF, .. "\"} 1\n"u8], ExpositionFormat.PrometheusText);

        Assert.False(result.Ok);
        Assert.Contains("not valid UTF-8", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TextInvalidUtf8InHelpText_AcceptedAsPrometheusDoes()
    {
        var (result, samples) = Parse.Bytes([.. "# HELP m x"u8, 0xFF, .. "\nm{a=\"\u00e9\"} 1\n"u8], ExpositionFormat.PrometheusText);

        Assert.True(result.Ok, result.ToString());
        Assert.Equal("\u00e9", Assert.Single(samples).Label("a"));
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

    private struct LookupSink : ISampleSink
    {
        public string? Uuid;
        public bool HasPod;

        public void OnSample(in Sample sample)
        {
            Uuid = sample.Labels.TryGetValue("UUID"u8, out var uuid) ? System.Text.Encoding.UTF8.GetString(uuid) : null;
            HasPod = sample.Labels.TryGetValue("pod"u8, out _);
        }
    }
}
