using Observability.Ingest.Spool;

namespace Observability.Host.Service;

/// <summary>The <c>Spool</c> section of <c>obs run</c>'s configuration: where batches wait while the store is down.</summary>
internal sealed record SpoolSection
{
    /// <summary>Default true: batches the store refuses are kept on disk and replayed. False keeps them in memory only.</summary>
    public bool? Enabled { get; init; }

    /// <summary>Default <c>spool</c>, relative to the configuration file (beside the default DuckDB file).</summary>
    public string? Directory { get; init; }

    /// <summary>Bound of the spool's files on disk. Default 1 GiB.</summary>
    public long? MaxBytes { get; init; }

    public const long DefaultMaxBytes = 1L << 30;

    public const long MinMaxBytes = 1L << 20;

    /// <summary>The validated options, or null when the spool is disabled; problems are added to <paramref name="errors"/>.</summary>
    public static SpoolOptions? ToOptions(SpoolSection? section, string baseDir, List<string> errors)
    {
        section ??= new SpoolSection();
        if (section.Enabled == false)
        {
            return null;
        }

        if (section.Directory is { } dir && string.IsNullOrWhiteSpace(dir))
        {
            errors.Add("Spool.Directory must not be empty");
        }

        var maxBytes = section.MaxBytes ?? DefaultMaxBytes;
        if (maxBytes < MinMaxBytes)
        {
            errors.Add($"Spool.MaxBytes must be at least {MinMaxBytes} (got {maxBytes})");
            return null;
        }

        return new SpoolOptions
        {
            Directory = Path.GetFullPath(string.IsNullOrWhiteSpace(section.Directory) ? "spool" : section.Directory, baseDir),
            MaxBytes = maxBytes,
            // Eight or more segments, so acknowledged space comes back in steps well below the bound.
            MaxSegmentBytes = Math.Clamp(maxBytes / 8, SpoolOptionsValidator.MinSegmentBytes, new SpoolOptions().MaxSegmentBytes),
        };
    }
}
