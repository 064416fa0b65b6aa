using Observability.Collectors.Exposition;
using Observability.Exposition.Tests.Support;

namespace Observability.Exposition.Tests;

/// <summary>
/// Label sets are read from a quote mask when a line has no backslash, and byte by byte otherwise. Both paths
/// must give the same result, sample for sample, on every fixture and on many mutations of each.
/// </summary>
public class FastPathEquivalenceTests
{
    private const int MutationsPerFile = 60;
    private static readonly byte[] Interesting = "\"\\ =,{}\n#a1\t.e+-_:"u8.ToArray();

    public static TheoryData<string, ExpositionFormat> Inputs()
    {
        var data = new TheoryData<string, ExpositionFormat>();
        foreach (var file in Fixtures.PrometheusTextFiles())
        {
            data.Add(file, ExpositionFormat.PrometheusText);
        }

        foreach (var dir in Directory.GetDirectories(Fixtures.PathOf("openmetrics")).Order(StringComparer.Ordinal))
        {
            data.Add("openmetrics/" + Path.GetFileName(dir) + "/metrics", ExpositionFormat.OpenMetrics);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Parse_FixtureAndMutations_FastAndGeneralPathsAgree(string file, ExpositionFormat format)
    {
        var original = Fixtures.Read(file);
        AssertSame(original, format, file);

        var random = new Random(file.Length * 7919 + original.Length);
        for (var m = 0; m < MutationsPerFile; m++)
        {
            var mutated = Mutate(original, random);
            AssertSame(mutated, format, $"{file} mutation {m}");
        }
    }

    [Theory]
    [InlineData("m{a=\"x\\\\y\",b=\"2\"} 1\n")]
    [InlineData("m{ a = \"1\" , b=\"2\" } 1\n")]
    [InlineData("m{a=\"1\",b=\"2\",c=\"3\",d=\"4\",e=\"5\",f=\"6\",g=\"7\",h=\"8\",i=\"9\",j=\"10\",k=\"11\",l=\"12\"} 1\n")]
    [InlineData("m{averyveryveryveryverylonglabelname_0123456789=\"v\"} 1\n")]
    [InlineData("m{a=\"1\",a=\"2\"} 1\n")]
    [InlineData("m{a=\"1\"")]
    public void Parse_TextEdgeCases_FastAndGeneralPathsAgree(string text)
    {
        AssertSame(System.Text.Encoding.UTF8.GetBytes(text), ExpositionFormat.PrometheusText, text);
    }

    private static void AssertSame(byte[] body, ExpositionFormat format, string what)
    {
        var fastSink = new CollectingSink();
        var generalSink = new CollectingSink();
        var fast = new ExpositionParser().Parse(body, format, ref fastSink);
        var general = new ExpositionParser { UseQuoteMaskFastPath = false }.Parse(body, format, ref generalSink);

        Assert.True(fast == general, $"{what}: fast path {fast}, general path {general}");
        Assert.Equal(generalSink.Samples.Select(Describe.Sample), fastSink.Samples.Select(Describe.Sample));
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        var edits = 1 + random.Next(3);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(3))
            {
                case 0:
                    bytes.RemoveAt(at);
                    break;
                case 1:
                    bytes.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                default:
                    bytes[at] = Interesting[random.Next(Interesting.Length)];
                    break;
            }
        }

        return [.. bytes];
    }
}
