using System.Diagnostics;
using System.Text.RegularExpressions;
using Observability.Collectors.Exposition;
using Observability.Exposition.Tests.Support;

namespace Observability.Exposition.Tests;

/// <summary>
/// The Prometheus text fixtures must get the verdict of <c>promtool check metrics &lt; FILE</c>
/// (promtool 2.42: exit 1 = parse error = reject; 0 or 3 = accept, 3 only adds lint remarks).
/// </summary>
public partial class ConformancePrometheusTextTests
{
    /// <summary>Verdicts recorded from promtool 2.42.0: file → accepted, and for rejections the line promtool names.</summary>
    public static TheoryData<string, bool, int> PromtoolVerdicts => new()
    {
        { "dcgm-datadog-fixture.prom", false, 116 },
        { "dcgm-h100-k8s-aicr.prom", true, 0 },
        { "dcgm-mig-a100-cloudnativedocs.prom", true, 0 },
        { "dcgm-readme-k8s.prom", false, 7 },
        { "dcgm-readme-quickstart.prom", false, 7 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_0", true, 0 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_1", true, 0 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_2", true, 0 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_3", true, 0 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_4", true, 0 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_error_0", false, 1 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_error_1", false, 1 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_error_10", false, 1 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_error_11", false, 1 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_error_12", false, 3 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_error_13", false, 3 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_error_14", false, 3 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_error_15", false, 2 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_error_16", false, 2 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_error_17", false, 1 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_error_18", false, 1 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_error_19", false, 3 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_error_2", false, 2 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_error_3", false, 1 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_error_4", false, 1 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_error_5", false, 1 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_error_6", false, 1 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_error_7", false, 3 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_error_8", false, 1 },
        { "prometheus-expfmt/fuzz-corpus/from_test_parse_error_9", false, 1 },
        { "prometheus-expfmt/fuzz-corpus/minimal", true, 0 },
        { "prometheus-expfmt/testdata/text", true, 0 },
        { "triton-docs-counters.prom", true, 0 },
        { "triton-docs-first-response-histogram.prom", true, 0 },
        { "triton-docs-queue-summary.prom", true, 0 },
        { "triton-trtllm-base-metrics-readme.prom", true, 0 },
        { "triton-trtllm-inflight-readme.prom", true, 0 },
        { "triton-trtllm-v1-readme.prom", true, 0 },
        { "triton-vllm-backend-readme.prom", false, 12 },
        { "vllm-datadog-fixture.prom", false, 285 },
        { "vllm-design-doc-cache-config-info.prom", false, 3 },
        { "vllm-design-doc-example.prom", false, 4 },
        { "vllm-design-doc-http-metrics.prom", true, 0 },
        { "vllm-usage-doc-example.prom", false, 12 },
    };

    /// <summary>Documentation excerpts whose only defect is '...' elision lines, with the first such line.</summary>
    public static TheoryData<string, int> ElidedDocExcerpts => new()
    {
        { "dcgm-readme-k8s.prom", 7 },
        { "dcgm-readme-quickstart.prom", 7 },
        { "triton-vllm-backend-readme.prom", 12 },
        { "vllm-design-doc-example.prom", 4 },
        { "vllm-usage-doc-example.prom", 12 },
    };

    public static TheoryData<string> AllFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Fixtures.PrometheusTextFiles())
        {
            data.Add(file);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PromtoolVerdicts))]
    public void Parse_TextFixture_MatchesRecordedPromtoolVerdict(string file, bool accepted, int errorLine)
    {
        var (result, samples) = Parse.Bytes(Fixtures.Read(file), ExpositionFormat.PrometheusText);

        Assert.True(result.Ok == accepted, $"{file}: promtool {(accepted ? "accepts" : "rejects")} it, we got {result}");
        if (accepted)
        {
            Assert.Equal(CountSampleLines(Fixtures.Read(file)), samples.Count);
        }
        else
        {
            Assert.Equal(errorLine, result.LineNumber);
        }
    }

    [Fact]
    public void PromtoolVerdicts_CoverEveryTextFixture_NoFileMissing()
    {
        var recorded = PromtoolVerdicts.Select(row => (string)row[0]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Fixtures.PrometheusTextFiles(), recorded);
    }

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void Parse_TextFixture_MatchesLivePromtool(string file)
    {
        var promtool = FindOnPath("promtool");
        if (promtool is null)
        {
            Assert.Fail("promtool is required for this test but is not on PATH (Debian package 'prometheus'; the test script installs it).");
        }

        var (exitCode, stderr) = RunPromtool(promtool, Fixtures.PathOf(file));
        Assert.True(exitCode is 0 or 1 or 3, $"unexpected promtool exit code {exitCode}: {stderr}");
        var (result, _) = Parse.Bytes(Fixtures.Read(file), ExpositionFormat.PrometheusText);

        Assert.True(result.Ok == (exitCode != 1), $"{file}: promtool exit {exitCode} ({stderr.Trim()}), we got {result}");
        if (exitCode == 1)
        {
            var match = PromtoolLine().Match(stderr);
            Assert.True(match.Success, $"no line number in promtool output: {stderr}");
            Assert.Equal(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), result.LineNumber);
        }
    }

    [Theory]
    [MemberData(nameof(ElidedDocExcerpts))]
    public void Parse_ElidedDocExcerptStrict_FailsWithLenientHint(string file, int firstElision)
    {
        var (result, _) = Parse.Bytes(Fixtures.Read(file), ExpositionFormat.PrometheusText);

        Assert.False(result.Ok);
        Assert.Equal(firstElision, result.LineNumber);
        Assert.Contains("elided documentation excerpt", result.Error, StringComparison.Ordinal);
        Assert.Contains("lenient", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ElidedDocExcerpts))]
    public void Parse_ElidedDocExcerptLenient_SkipsElisionsAndSucceeds(string file, int firstElision)
    {
        var body = Fixtures.Read(file);
        var (result, samples) = Parse.Bytes(body, ExpositionFormat.PrometheusText, new ParserOptions { Lenient = true });

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(CountSampleLines(body), samples.Count);
        Assert.DoesNotContain(samples, s => s.LineNumber == firstElision);
    }

    [Fact]
    public void Parse_ElisionInsideLabelSetLenient_StillFails()
    {
        var (result, _) = Parse.Bytes(
            Fixtures.Read("vllm-design-doc-cache-config-info.prom"), ExpositionFormat.PrometheusText, new ParserOptions { Lenient = true });

        Assert.False(result.Ok);
        Assert.Equal(3, result.LineNumber);
    }

    /// <summary>Lines that are neither blank, comments nor '...' elisions: one sample each.</summary>
    private static int CountSampleLines(byte[] body)
    {
        var count = 0;
        foreach (var line in System.Text.Encoding.UTF8.GetString(body).Split('\n'))
        {
            var trimmed = line.TrimStart(' ', '\t');
            if (trimmed.Length > 0 && trimmed[0] != '#' && !trimmed.StartsWith("...", StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }

    private static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static (int ExitCode, string Stderr) RunPromtool(string promtool, string file)
    {
        var start = new ProcessStartInfo(promtool, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var input = File.OpenRead(file))
        {
            input.CopyTo(process.StandardInput.BaseStream);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            Assert.Fail($"promtool did not finish within 60 s on {file}");
        }

        return (process.ExitCode, stderr.Result + stdout.Result);
    }

    [GeneratedRegex(@"line (\d+)")]
    private static partial Regex PromtoolLine();
}
