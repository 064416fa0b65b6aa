namespace Observability.Collectors.Scraping;

/// <summary>
/// Tracks file_sd files by modification time and size, so the scheduler re-reads them only when
/// they change (polling: file-system events are unreliable on network and container mounts).
/// </summary>
internal sealed class FileSdWatcher(IReadOnlyList<string> paths)
{
    private readonly Dictionary<string, (DateTime Modified, long Length)> _seen = [];

    public bool HasChanged() => paths.Any(p => _seen.GetValueOrDefault(p) != Stamp(p));

    /// <summary>All targets of all files; a missing file contributes none (it may appear later).</summary>
    public IReadOnlyList<ScrapeTarget> Read()
    {
        var targets = new List<ScrapeTarget>();
        foreach (var path in paths)
        {
            var stamp = Stamp(path);
            if (File.Exists(path))
            {
                targets.AddRange(FileSdReader.Parse(File.ReadAllText(path), path));
            }

            _seen[path] = stamp;
        }

        return targets;
    }

    private static (DateTime, long) Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (default, -1);
    }
}
