namespace Observability.Host.Cli;

/// <summary>Reads an exposition from a path or from standard input (<c>-</c>).</summary>
public static class InputFile
{
    public static async Task<(byte[] Bytes, string DisplayName)> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (path == "-")
        {
            using var buffer = new MemoryStream();
            await using var stdin = Console.OpenStandardInput();
            await stdin.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return (buffer.ToArray(), "<stdin>");
        }

        if (!File.Exists(path))
        {
            throw new UsageException($"{path}: no such file");
        }

        return (await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false), path);
    }

    /// <summary>--format prometheus|openmetrics; without it, OpenMetrics only when the text ends with <c># EOF</c>.</summary>
    public static Collectors.Exposition.ExpositionFormat FormatOf(string? option, ReadOnlySpan<byte> body) => option switch
    {
        "prometheus" or "text" => Collectors.Exposition.ExpositionFormat.PrometheusText,
        "openmetrics" => Collectors.Exposition.ExpositionFormat.OpenMetrics,
        null => body.TrimEnd("\n"u8).EndsWith("# EOF"u8)
            ? Collectors.Exposition.ExpositionFormat.OpenMetrics
            : Collectors.Exposition.ExpositionFormat.PrometheusText,
        _ => throw new UsageException($"--format takes prometheus or openmetrics (got '{option}')"),
    };
}
