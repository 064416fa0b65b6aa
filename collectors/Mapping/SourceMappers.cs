using Observability.Collectors.Dcgm;
using Observability.Collectors.Triton;
using Observability.Collectors.Vllm;

namespace Observability.Collectors.Mapping;

/// <summary>The mappers every target gets. A new source adds its folder and one line here.</summary>
public static class SourceMappers
{
    /// <summary>Each mapper by the name configuration uses for it (e.g. remote_write source rules).</summary>
    public static IReadOnlyDictionary<string, Func<ISourceMapper>> ByName { get; } = new Dictionary<string, Func<ISourceMapper>>(StringComparer.Ordinal)
    {
        ["dcgm"] = () => new DcgmMapper(),
        ["vllm"] = () => new VllmMapper(),
        ["triton"] = () => new TritonMapper(),
    };

    public static IReadOnlyList<Func<ISourceMapper>> Default { get; } = [.. ByName.Values];

    /// <summary>A fresh mapper set for one target (mappers keep per-target counter state).</summary>
    public static ScrapeMapper CreateScrapeMapper() => new(Default.Select(f => f()));

    /// <summary>A fresh set of the named mappers, in the default order; unknown names throw.</summary>
    public static ScrapeMapper CreateScrapeMapper(IEnumerable<string> names)
    {
        var wanted = names.ToHashSet(StringComparer.Ordinal);
        foreach (var name in wanted.Where(n => !ByName.ContainsKey(n)))
        {
            throw new ArgumentException($"unknown mapper '{name}' (known: {string.Join(", ", ByName.Keys)})", nameof(names));
        }

        return new(ByName.Where(kv => wanted.Contains(kv.Key)).Select(kv => kv.Value()));
    }
}
