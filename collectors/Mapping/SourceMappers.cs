using Observability.Collectors.Dcgm;
using Observability.Collectors.Triton;
using Observability.Collectors.Vllm;

namespace Observability.Collectors.Mapping;

/// <summary>The mappers every target gets. A new source adds its folder and one line here.</summary>
public static class SourceMappers
{
    public static IReadOnlyList<Func<ISourceMapper>> Default { get; } =
    [
        () => new DcgmMapper(),
        () => new VllmMapper(),
        () => new TritonMapper(),
    ];

    /// <summary>A fresh mapper set for one target (mappers keep per-target counter state).</summary>
    public static ScrapeMapper CreateScrapeMapper() => new(Default.Select(f => f()));
}
