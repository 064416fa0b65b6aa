namespace Observability.Collectors.Exposition;

/// <summary>Limits and leniency of <see cref="ExpositionParser"/>. Exceeding a limit fails the parse with a counted, named error.</summary>
public sealed record ParserOptions
{
    /// <summary>Most samples accepted in one exposition (0 = no limit). Default 0: the scrape loop sets its own.</summary>
    public int MaxSamples { get; init; }

    /// <summary>Most labels on one sample (0 = no limit). Default 64.</summary>
    public int MaxLabelCount { get; init; } = 64;

    /// <summary>Longest label name in bytes (0 = no limit). Default 1,024.</summary>
    public int MaxLabelNameLength { get; init; } = 1024;

    /// <summary>Longest label value in bytes, after unescaping (0 = no limit). Default 16,384.</summary>
    public int MaxLabelValueLength { get; init; } = 16 * 1024;

    /// <summary>
    /// Accept documentation excerpts: lines that are only <c>...</c> (or start with <c>...</c>) are skipped
    /// instead of failing the parse. Off by default, as in Prometheus.
    /// </summary>
    public bool Lenient { get; init; }

    public static ParserOptions Default { get; } = new();
}
