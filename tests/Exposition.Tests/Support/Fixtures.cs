namespace Observability.Exposition.Tests.Support;

/// <summary>Finds the shared fixture corpus: a <c>shared/fixtures</c> folder beside the repository (or inside it).</summary>
internal static class Fixtures
{
    private static readonly Lazy<string> Root = new(Locate);

    public static string Directory => Root.Value;

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

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "..", "shared", "fixtures"), Path.Combine(dir.FullName, "shared", "fixtures") })
            {
                if (System.IO.Directory.Exists(Path.Combine(candidate, "openmetrics")))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"shared/fixtures not found in any parent of {AppContext.BaseDirectory} (expected <dir>/../shared/fixtures or <dir>/shared/fixtures)");
    }
}
