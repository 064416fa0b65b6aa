using System.Text.Json;
using Observability.Collectors.Exposition;
using Observability.Exposition.Tests.Support;

namespace Observability.Exposition.Tests;

/// <summary>The OpenMetrics project's parser test suite: every case must give the outcome its test.json states.</summary>
public class ConformanceOpenMetricsTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Fixtures.PathOf("openmetrics")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_OpenMetricsCase_MatchesShouldParse(string caseName)
    {
        var dir = Fixtures.PathOf("openmetrics/" + caseName);
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "test.json")));
        var root = json.RootElement;
        Assert.Equal("text", root.GetProperty("type").GetString());
        var shouldParse = root.GetProperty("shouldParse").GetBoolean();
        var body = File.ReadAllBytes(Path.Combine(dir, root.GetProperty("file").GetString()!));

        var (result, _) = Parse.Bytes(body, ExpositionFormat.OpenMetrics);

        Assert.True(result.Ok == shouldParse, $"{caseName}: expected {(shouldParse ? "accept" : "reject")}, got {result}");
        if (!result.Ok)
        {
            Assert.InRange(result.LineNumber, 1, int.MaxValue);
            Assert.False(string.IsNullOrWhiteSpace(result.Error));
        }
    }

    [Fact]
    public void Cases_CorpusIsComplete_Has211Cases()
    {
        Assert.Equal(211, Directory.GetDirectories(Fixtures.PathOf("openmetrics")).Length);
    }
}
