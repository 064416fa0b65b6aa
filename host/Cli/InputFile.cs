namespace Observability.Host.Cli;

/// <summary>An exposition to parse, as the CLI's commands take it: its bytes, its display name, its format and a parser set up for it.</summary>
public sealed record ExpositionInput(byte[] Bytes, string Name, Collectors.Exposition.ExpositionFormat Format, Collectors.Exposition.ExpositionParser Parser)
{
    /// <summary>Reads <c>FILE|-</c>, <c>--format</c> and <c>--lenient</c> (options the command reads first count as known).</summary>
    public static async Task<ExpositionInput> LoadAsync(string command, CommandArgs args, CancellationToken cancellationToken)
    {
        var path = args.Positionals.Count == 1 ? args.Positionals[0] : throw new UsageException($"{command} takes one FILE (or - for standard input)");
        var formatOption = args.Get("format");
        var lenient = args.Flag("lenient");
        args.RejectUnknown();
        var (bytes, name) = await InputFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
        var parser = new Collectors.Exposition.ExpositionParser(new Collectors.Exposition.ParserOptions { Lenient = lenient });
        return new ExpositionInput(bytes, name, InputFile.FormatOf(formatOption, bytes), parser);
    }
}

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
