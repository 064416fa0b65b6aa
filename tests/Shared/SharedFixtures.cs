namespace Observability.Tests.Shared;

/// <summary>Finds ../shared/fixtures beside the checkout, wherever the test binary runs from. Linked into each test project that reads fixtures.</summary>
internal static class SharedFixtures
{
    public static string Directory { get; } = Find();

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Directory, name));

    public static string Text(string name) => File.ReadAllText(Path.Combine(Directory, name));

    /// <summary>
    /// A capture whose file lost its final newline (the Datadog fixtures): real exporters end every
    /// line with one, and a scrape without it is rejected, as Prometheus does. Mapper tests want the
    /// exporter's bytes, so the newline is restored.
    /// </summary>
    public static byte[] CaptureWithFinalNewline(string name)
    {
        var bytes = Bytes(name);
        return bytes.Length > 0 && bytes[^1] == (byte)'\n' ? bytes : [.. bytes, (byte)'\n'];
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "fixtures"), Path.Combine(dir.FullName, "..", "shared", "fixtures") })
            {
                if (System.IO.Directory.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }

        throw new DirectoryNotFoundException("shared/fixtures not found beside the checkout: the tests need ../shared/fixtures");
    }
}
