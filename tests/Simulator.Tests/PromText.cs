using System.Globalization;
using System.Text;

namespace Observability.Simulator.Tests;

/// <summary>A deliberately small text-format reader for assertions (the format itself is checked by promtool).</summary>
internal static class PromText
{
    public static List<PromSample> Parse(string text)
    {
        var samples = new List<PromSample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.LastIndexOf(' ');
            var labels = new List<KeyValuePair<string, string>>();
            string name;
            if (brace >= 0 && brace < space)
            {
                name = line[..brace];
                ParseLabels(line[(brace + 1)..line.LastIndexOf('}')], labels);
            }
            else
            {
                name = line[..space];
            }

            samples.Add(new PromSample(name, labels, double.Parse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture)));
        }

        return samples;
    }

    /// <summary>Family name → declared TYPE.</summary>
    public static Dictionary<string, string> Types(string text) =>
        text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal))
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[2], p => p[3]);

    /// <summary>Whether a sample of <paramref name="name"/> belongs to a counter or histogram family.</summary>
    public static bool IsCumulative(string name, Dictionary<string, string> types)
    {
        foreach (var suffix in (string[])["", "_bucket", "_count", "_sum"])
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(name[..^suffix.Length], out var type))
            {
                return type is "counter" or "histogram";
            }
        }

        return false;
    }

    /// <summary>Sum of every sample named <paramref name="name"/> whose labels include all of <paramref name="match"/>.</summary>
    public static double Sum(IEnumerable<PromSample> samples, string name, params (string Key, string Value)[] match) =>
        samples.Where(s => s.Name == name && match.All(m => s.Label(m.Key) == m.Value)).Sum(s => s.Value);

    private static void ParseLabels(string body, List<KeyValuePair<string, string>> labels)
    {
        var i = 0;
        while (i < body.Length)
        {
            var eq = body.IndexOf('=', i);
            var key = body[i..eq].Trim(' ', ',');
            var value = new StringBuilder();
            var j = eq + 2;
            for (; body[j] != '"'; j++)
            {
                value.Append(body[j] == '\\' ? body[++j] switch { 'n' => '\n', var c => c } : body[j]);
            }

            labels.Add(new(key, value.ToString()));
            i = j + 1;
        }
    }
}
