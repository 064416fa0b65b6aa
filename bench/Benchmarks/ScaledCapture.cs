using System.Text;

namespace Observability.Benchmarks;

/// <summary>
/// Scales a real dcgm-exporter capture up to a large node: every family keeps its place and its
/// samples' exact label layout, repeated for many hosts with distinct UUIDs and hostnames, in the
/// family-grouped order the exporter writes.
/// </summary>
public static class ScaledCapture
{
    public static string FixturePath(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "fixtures", name);
            if (File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new FileNotFoundException($"../shared/fixtures/{name} not found beside the checkout");
    }

    /// <summary>The capture repeated for <paramref name="hosts"/> hosts; returns the body and its sample count.</summary>
    public static (byte[] Body, int Samples) Build(string fixture, int hosts)
    {
        var lines = File.ReadAllLines(FixturePath(fixture)).Where(l => l.StartsWith("DCGM_", StringComparison.Ordinal)).ToList();
        var families = lines.GroupBy(l => l[..l.IndexOf('{', StringComparison.Ordinal)]);
        var text = new StringBuilder();
        var samples = 0;
        foreach (var family in families)
        {
            for (var h = 0; h < hosts; h++)
            {
                foreach (var line in family)
                {
                    text.Append(Rehost(line, h)).Append('\n');
                    samples++;
                }
            }
        }

        return (Encoding.UTF8.GetBytes(text.ToString()), samples);
    }

    /// <summary>
    /// A full default-counter scrape: every non-label field of dcgm-exporter's default CSV (with
    /// HELP and TYPE lines, as the exporter writes them) for every GPU label set of the capture,
    /// repeated for <paramref name="hosts"/> hosts.
    /// </summary>
    public static (byte[] Body, int Samples) BuildDefaultCounters(string capture, string countersCsv, int hosts)
    {
        var gpuLabels = File.ReadAllLines(FixturePath(capture))
            .Where(l => l.StartsWith("DCGM_", StringComparison.Ordinal))
            .GroupBy(l => l[..l.IndexOf('{', StringComparison.Ordinal)])
            .First()
            .Select(l => l[l.IndexOf('{', StringComparison.Ordinal)..(l.LastIndexOf('}') + 1)])
            .ToList();
        var fields = File.ReadAllLines(FixturePath(countersCsv))
            .Where(l => l.StartsWith("DCGM_", StringComparison.Ordinal))
            .Select(l => l.Split(',', 3).Select(c => c.Trim()).ToArray())
            .Where(c => c[1] != "label")
            .ToList();
        var text = new StringBuilder();
        var samples = 0;
        var value = 0;
        foreach (var field in fields)
        {
            text.Append("# HELP ").Append(field[0]).Append(' ').Append(field[2]).Append('\n');
            text.Append("# TYPE ").Append(field[0]).Append(' ').Append(field[1]).Append('\n');
            for (var h = 0; h < hosts; h++)
            {
                foreach (var labels in gpuLabels)
                {
                    text.Append(field[0]).Append(Rehost(labels, h)).Append(' ').Append(++value % 1000).Append('\n');
                    samples++;
                }
            }
        }

        return (Encoding.UTF8.GetBytes(text.ToString()), samples);
    }

    private static string Rehost(string line, int host)
    {
        var uuid = line.IndexOf("UUID=\"GPU-", StringComparison.Ordinal) + "UUID=\"GPU-".Length;
        var hostTag = host.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        var rehosted = string.Concat(line.AsSpan(0, uuid), hostTag, line.AsSpan(uuid + 8));
        return rehosted.Replace("Hostname=\"gpu-node-1\"", $"Hostname=\"gpu-node-{host}\"", StringComparison.Ordinal);
    }
}
