using System.Globalization;

namespace Observability.Host.Cli;

/// <summary>
/// The few shapes of argument the CLI takes: positionals, <c>--flag</c> and <c>--name value</c>
/// (or <c>--name=value</c>). Unknown options are errors, listed together, so a typo never passes silently.
/// </summary>
public sealed class CommandArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private CommandArgs(List<string> positionals) => Positionals = positionals;

    public IReadOnlyList<string> Positionals { get; }

    /// <summary>Splits <paramref name="args"/>; <paramref name="flags"/> are the options that take no value.</summary>
    public static CommandArgs Parse(IEnumerable<string> args, params string[] flags)
    {
        var positionals = new List<string>();
        var parsed = new CommandArgs(positionals);
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positionals.Add(arg);
                continue;
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[2..eq] : arg[2..];
            if (eq > 0)
            {
                parsed._options[name] = arg[(eq + 1)..];
            }
            else if (flags.Contains(name))
            {
                parsed._options[name] = null;
            }
            else if (e.MoveNext())
            {
                parsed._options[name] = e.Current;
            }
            else
            {
                throw new UsageException($"option --{name} needs a value");
            }
        }

        return parsed;
    }

    public bool Flag(string name)
    {
        _read.Add(name);
        return _options.ContainsKey(name);
    }

    public string? Get(string name)
    {
        _read.Add(name);
        return _options.GetValueOrDefault(name);
    }

    public int GetInt(string name, int fallback)
    {
        var text = Get(name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n
            : throw new UsageException($"--{name} takes a whole number (got '{text}')");
    }

    public TimeSpan GetDuration(string name, TimeSpan fallback)
    {
        var text = Get(name);
        if (text is null)
        {
            return fallback;
        }

        try
        {
            return Collectors.Scraping.FileSdReader.ParseDuration(text);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--{name}: {e.Message}");
        }
    }

    /// <summary>Fails on any option the command never asked about.</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).Select(k => "--" + k).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"unknown option(s): {string.Join(", ", unknown)}");
        }
    }
}

/// <summary>A command-line mistake: printed with the usage, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
