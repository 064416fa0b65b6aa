using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Observability.Analytics.Slo;

/// <summary>
/// Reads one YAML mapping field by field, recording every problem (with the dotted field path) instead of stopping at
/// the first, and reporting keys nobody asked for so that a misspelt field is an error rather than silently ignored.
/// </summary>
internal sealed class YamlMap
{
    private readonly YamlMappingNode _node;
    private readonly string _path;
    private readonly List<SloProblem> _problems;
    private readonly string _file;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public YamlMap(YamlMappingNode node, string path, string file, List<SloProblem> problems)
    {
        _node = node;
        _path = path;
        _file = file;
        _problems = problems;
    }

    public string Path(string key) => _path.Length == 0 ? key : _path + "." + key;

    public void Problem(string key, string reason) => _problems.Add(new SloProblem(_file, Path(key), reason));

    public bool Has(string key) => Find(key) is not null;

    public string? String(string key, bool required = false)
    {
        var node = Find(key);
        if (node is null)
        {
            if (required)
            {
                Problem(key, "is required");
            }

            return null;
        }

        if (node is not YamlScalarNode scalar || string.IsNullOrEmpty(scalar.Value))
        {
            Problem(key, "must be a non-empty text value");
            return null;
        }

        return scalar.Value;
    }

    public double? Number(string key, bool required = false)
    {
        var text = String(key, required);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Problem(key, $"'{text}' is not a number");
            return null;
        }

        return value;
    }

    public TimeSpan? Duration(string key, bool required = false)
    {
        var text = String(key, required);
        if (text is null)
        {
            return null;
        }

        if (!SloDuration.TryParse(text, out var value))
        {
            Problem(key, $"'{text}' is not a duration (e.g. 500ms, 5m, 1h, 28d)");
            return null;
        }

        return value;
    }

    public bool? Boolean(string key)
    {
        var text = String(key);
        return text switch
        {
            null => null,
            "true" => true,
            "false" => false,
            _ => Fail<bool?>(key, $"'{text}' is not true or false"),
        };
    }

    public YamlMap? Map(string key, bool required = false)
    {
        var node = Find(key);
        if (node is null)
        {
            if (required)
            {
                Problem(key, "is required");
            }

            return null;
        }

        if (node is not YamlMappingNode map)
        {
            Problem(key, "must be a mapping");
            return null;
        }

        return new YamlMap(map, Path(key), _file, _problems);
    }

    /// <summary>A list of text values; a single value is accepted as a list of one.</summary>
    public IReadOnlyList<string> Strings(string key)
    {
        var node = Find(key);
        switch (node)
        {
            case null:
                return [];
            case YamlScalarNode { Value: { Length: > 0 } one }:
                return [one];
            case YamlSequenceNode sequence when sequence.Children.All(c => c is YamlScalarNode { Value.Length: > 0 }):
                return [.. sequence.Children.Cast<YamlScalarNode>().Select(c => c.Value!)];
            default:
                Problem(key, "must be a list of text values");
                return [];
        }
    }

    /// <summary>The mappings of a list, each with its index in the path.</summary>
    public IReadOnlyList<YamlMap>? Maps(string key)
    {
        var node = Find(key);
        if (node is null)
        {
            return null;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Problem(key, "must be a list");
            return [];
        }

        var maps = new List<YamlMap>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var path = $"{Path(key)}[{i}]";
            if (sequence.Children[i] is YamlMappingNode map)
            {
                maps.Add(new YamlMap(map, path, _file, _problems));
            }
            else
            {
                _problems.Add(new SloProblem(_file, path, "must be a mapping"));
            }
        }

        return maps;
    }

    public IReadOnlyDictionary<string, string> StringMap(string key)
    {
        var map = Map(key);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (map is null)
        {
            return result;
        }

        foreach (var entry in map._node.Children)
        {
            var name = (entry.Key as YamlScalarNode)?.Value ?? string.Empty;
            if (entry.Value is YamlScalarNode { Value: { } value })
            {
                map._read.Add(name);
                result[name] = value;
            }
        }

        return result;
    }

    /// <summary>Call once every field has been read: each key never asked for is reported.</summary>
    public void RejectUnknown()
    {
        foreach (var entry in _node.Children)
        {
            var name = (entry.Key as YamlScalarNode)?.Value ?? "?";
            if (!_read.Contains(name))
            {
                Problem(name, $"unknown field (line {entry.Key.Start.Line})");
            }
        }
    }

    private YamlNode? Find(string key)
    {
        _read.Add(key);
        return _node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
    }

    private T Fail<T>(string key, string reason)
    {
        Problem(key, reason);
        return default!;
    }
}
