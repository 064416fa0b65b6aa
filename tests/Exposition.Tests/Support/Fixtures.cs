namespace Observability.Exposition.Tests.Support;

/// <summary>Finds the shared fixture corpus: a <c>shared/fixtures</c> folder beside the repository (or inside it).</summary>
internal static class Fixtures
{
    public static string Directory => SharedFixtures.Directory;

    public static string PathOf(string relative) => Path.Combine(Directory, relative.Replace('/', Path.DirectorySeparatorChar));

    public static byte[] Read(string relative) => File.ReadAllBytes(PathOf(relative));

    /// <summary>Every Prometheus text fixture, as paths relative to the fixture folder with '/' separators.</summary>
    public static IReadOnlyList<string> PrometheusTextFiles()
    {
        var files = new List<string>();
        foreach (var path in System.IO.Directory.GetFiles(PathOf("prometheus-expfmt/fuzz-corpus")))
        {
            files.Add("prometheus-expfmt/fuzz-corpus/" + Path.GetFileName(path));
        }

        files.Add("prometheus-expfmt/testdata/text");
        foreach (var path in System.IO.Directory.GetFiles(Directory, "*.prom"))
        {
            files.Add(Path.GetFileName(path));
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }
}
