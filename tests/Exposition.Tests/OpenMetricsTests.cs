using Observability.Collectors.Exposition;
using Observability.Exposition.Tests.Support;

namespace Observability.Exposition.Tests;

public class OpenMetricsTests
{
    [Fact]
    public void Parse_OpenMetricsCounter_AssignsFamilyToTotalAndCreated()
    {
        var (result, samples) = Parse.OpenMetrics("# TYPE req counter\n# UNIT req \n# HELP req Requests.\nreq_total{code=\"200\"} 5\nreq_created{code=\"200\"} 1.7e9\n# EOF\n");

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(["req_total", "req_created"], samples.Select(s => s.Name));
        Assert.All(samples, s => Assert.Equal(("req", MetricType.Counter), (s.FamilyName, s.Type)));
    }

    [Fact]
    public void Parse_OpenMetricsTypes_AssignFamilyAndTypeToEverySuffix()
    {
        var text = """
            # TYPE h histogram
            h_bucket{le="1"} 1
            h_bucket{le="+Inf"} 2
            h_count 2
            h_sum 1.5
            h_created 100
            # TYPE g gaugehistogram
            g_bucket{le="+Inf"} 3
            g_gcount 3
            g_gsum 2
            # TYPE s summary
            s{quantile="0.5"} 0.1
            s_count 1
            s_sum 0.1
            # TYPE i info
            i_info{version="1.2"} 1
            # TYPE st stateset
            st{st="a"} 1
            st{st="b"} 0
            # TYPE u unknown
            u 1
            nofamily 2
            # EOF

            """.ReplaceLineEndings("\n");

        var (result, samples) = Parse.OpenMetrics(text);

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(
            [
                "h_bucket:h:Histogram", "h_bucket:h:Histogram", "h_count:h:Histogram", "h_sum:h:Histogram", "h_created:h:Histogram",
                "g_bucket:g:GaugeHistogram", "g_gcount:g:GaugeHistogram", "g_gsum:g:GaugeHistogram",
                "s:s:Summary", "s_count:s:Summary", "s_sum:s:Summary",
                "i_info:i:Info", "st:st:StateSet", "st:st:StateSet", "u:u:Unknown", "nofamily:nofamily:Unknown",
            ],
            samples.Select(s => $"{s.Name}:{s.FamilyName}:{s.Type}"));
    }

    [Theory]
    [InlineData("1", 1000L)]
    [InlineData("1.5", 1500L)]
    [InlineData("1520430000.123", 1520430000123L)]
    [InlineData("1.0009", 1000L)]
    [InlineData("-1.1", -1100L)]
    [InlineData("1.5e3", 1500000L)]
    [InlineData("000", 0L)]
    [InlineData("12345678901234567890.1234567890", long.MaxValue)]
    public void Parse_OpenMetricsTimestampSeconds_ConvertsToMilliseconds(string timestamp, long expectedMs)
    {
        var (result, samples) = Parse.OpenMetrics($"a 1 {timestamp}\n# EOF\n");

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(expectedMs, Assert.Single(samples).TimestampMs);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("a 1\n", false)]
    [InlineData("# EOF\n", true)]
    [InlineData("# EOF", true)]
    [InlineData("a 1\n# EOF", true)]
    [InlineData("a 1\n# EOF\n\n", false)]
    [InlineData("a 1\n# EOF \n", false)]
    public void Parse_OpenMetricsEof_RequiredAndFinal(string text, bool ok)
    {
        var (result, _) = Parse.OpenMetrics(text);

        Assert.Equal(ok, result.Ok);
    }

    [Fact]
    public void Parse_OpenMetricsMissingEof_FailsSayingSo()
    {
        var (result, _) = Parse.OpenMetrics("a 1\nb 2\n");

        Assert.False(result.Ok);
        Assert.Equal(2, result.LineNumber);
        Assert.Contains("missing '# EOF'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OpenMetricsEscapes_UnescapesKnownAndKeepsUnknownVerbatim()
    {
        var (result, samples) = Parse.OpenMetrics("a{x=\"q\\\"\\\\\\n\",y=\"\\z\\f\"} 1\n# EOF\n");

        Assert.True(result.Ok, result.ToString());
        var s = Assert.Single(samples);
        Assert.Equal("q\"\\\n", s.Label("x"));
        Assert.Equal("\\z\\f", s.Label("y"));
    }

    [Fact]
    public void Parse_OpenMetricsValues_AcceptsSpecialValuesAndOverflowAsInfinity()
    {
        var (result, samples) = Parse.OpenMetrics("a NaN\nb +Inf\nc -inf\nd 1e400\ne 0001.5\n# EOF\n");

        Assert.True(result.Ok, result.ToString());
        Assert.Equal([double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.PositiveInfinity, 1.5], samples.Select(s => s.Value));
    }

    [Theory]
    [InlineData("a  1\n# EOF\n")]
    [InlineData("a 1 \n# EOF\n")]
    [InlineData("a\t1\n# EOF\n")]
    [InlineData("a{b=\"1\", c=\"2\"} 1\n# EOF\n")]
    [InlineData("a{b=\"1\",} 1\n# EOF\n")]
    [InlineData("a 1 1.5 \n# EOF\n")]
    [InlineData("a 0x1\n# EOF\n")]
    [InlineData("a 1_0\n# EOF\n")]
    [InlineData("a -NaN\n# EOF\n")]
    public void Parse_OpenMetricsLooseSyntaxTheTextFormatAllows_Fails(string text)
    {
        var (result, _) = Parse.OpenMetrics(text);

        Assert.False(result.Ok);
        Assert.Equal(1, result.LineNumber);
    }

    [Fact]
    public void Parse_OpenMetricsCrlf_Fails()
    {
        var (result, _) = Parse.OpenMetrics("a 1\r\n# EOF\r\n");

        Assert.False(result.Ok);
        Assert.Equal(1, result.LineNumber);
    }

    [Fact]
    public void Parse_OpenMetricsBlankLine_FailsAtThatLine()
    {
        var (result, _) = Parse.OpenMetrics("a 1\n\nb 1\n# EOF\n");

        Assert.False(result.Ok);
        Assert.Equal(2, result.LineNumber);
        Assert.Contains("blank lines", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OpenMetricsExemplars_SampleEmittedWithItsOwnLabelsOnly()
    {
        var (result, samples) = Parse.OpenMetrics("# TYPE a counter\na_total{x=\"1\"} 3 1.5 # {trace_id=\"abc\"} 1 1.4\n# EOF\n");

        Assert.True(result.Ok, result.ToString());
        var s = Assert.Single(samples);
        Assert.Equal(3, s.Value);
        Assert.Equal(1500, s.TimestampMs);
        Assert.Equal(["x"], s.Labels.Select(l => l.Key));
        Assert.Equal("x=\"1\"", s.RawLabels);
    }

    [Fact]
    public void Parse_OpenMetricsExactRepeatInGroup_DropsTheRepeat()
    {
        var (result, samples) = Parse.OpenMetrics("# TYPE a gauge\na{x=\"1\"} 1 0\na{x=\"1\"} 2 0\na{x=\"1\"} 3 1\n# EOF\n");

        Assert.True(result.Ok, result.ToString());
        Assert.Equal([1d, 3d], samples.Select(s => s.Value));
        Assert.Equal(2, result.Samples);
    }

    [Fact]
    public void Parse_OpenMetricsSameLabelsInAnotherOrder_SameGroup()
    {
        var (result, _) = Parse.OpenMetrics("# TYPE a gauge\na{x=\"1\",y=\"2\"} 1 0\na{y=\"2\",x=\"1\"} 1 -1\n# EOF\n");

        Assert.False(result.Ok);
        Assert.Contains("timestamps went backwards", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a 1\nb 1\na 1\n# EOF\n", 3, "clashes with an earlier family")]
    [InlineData("# TYPE a counter\na_total 1\n# TYPE a_total gauge\n# EOF\n", 3, "clashes with an earlier family")]
    [InlineData("# TYPE a gauge\na{x=\"1\"} 1\na{x=\"2\"} 1\na{x=\"1\"} 1\n# EOF\n", 4, "must be contiguous")]
    [InlineData("# TYPE a gauge\na 1\n# HELP a late\n# EOF\n", 3, "after its samples")]
    [InlineData("# TYPE a untyped\n# EOF\n", 1, "'unknown'")]
    [InlineData("# HELP a\n# EOF\n", 1, "needs a metric name and then a space")]
    [InlineData("# comment\n# EOF\n", 1, "only allows '# HELP', '# TYPE', '# UNIT' and '# EOF'")]
    [InlineData("# UNIT a_bytes seconds\n# EOF\n", 1, "must end with \"_seconds\"")]
    [InlineData("# TYPE a histogram\na_bucket{le=\"1\"} 1\n# EOF\n", 2, "+Inf bucket is missing")]
    [InlineData("# TYPE a histogram\na_bucket{le=\"+inf\"} 1\n# EOF\n", 2, "not canonical")]
    [InlineData("# TYPE a counter\na_total -1\n# EOF\n", 2, "cannot be negative")]
    [InlineData("# TYPE a gauge\na 1 # {x=\"y\"} 1\n# EOF\n", 2, "can have exemplars")]
    public void Parse_OpenMetricsRuleViolation_FailsWithLineAndReason(string text, int line, string expected)
    {
        var (result, _) = Parse.OpenMetrics(text);

        Assert.False(result.Ok);
        Assert.Equal(line, result.LineNumber);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OpenMetricsInvalidUtf8_FailsAtTheLineOfTheBadByte()
    {
        var (result, _) = Parse.Bytes([.. "a 1\n# HELP b x"u8, 0xC3, .. "\n# EOF\n"u8], ExpositionFormat.OpenMetrics);

        Assert.False(result.Ok);
        Assert.Equal(2, result.LineNumber);
        Assert.Contains("UTF-8", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OpenMetricsElisionLenient_Skipped()
    {
        var text = "# TYPE a gauge\na 1\n  ...\n# EOF\n";

        var (strict, _) = Parse.OpenMetrics(text);
        var (lenient, samples) = Parse.OpenMetrics(text, new ParserOptions { Lenient = true });

        Assert.False(strict.Ok);
        Assert.Equal(3, strict.LineNumber);
        Assert.Contains("elided documentation excerpt", strict.Error, StringComparison.Ordinal);
        Assert.True(lenient.Ok, lenient.ToString());
        Assert.Single(samples);
    }
}
