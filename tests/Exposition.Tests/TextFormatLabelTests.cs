using Observability.Collectors.Exposition;
using Observability.Exposition.Tests.Support;

namespace Observability.Exposition.Tests;

/// <summary>Prometheus text format label sets: escaping, spacing, duplicates, limits of the grammar.</summary>
public class TextFormatLabelTests
{
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
