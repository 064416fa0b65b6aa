using System.Text;

namespace Observability.Simulator.Implementation.Rendering;

/// <summary>
/// Builds the bytes of a label block once, at start-up, so that a scrape only copies them.
/// Label order is the caller's: dcgm-exporter has its own order, the Python and C++ clients sort.
/// </summary>
internal static class LabelSet
{
    /// <summary><c>{a="x",b="y"}</c> in the given order; empty input gives an empty block.</summary>
    public static byte[] Build(params ReadOnlySpan<(string Name, string Value)> labels)
    {
        if (labels.Length == 0)
        {
            return [];
        }

        var text = new StringBuilder("{");
        for (var i = 0; i < labels.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(labels[i].Name).Append("=\"");
            AppendEscaped(text, labels[i].Value);
            text.Append('"');
        }

        return Encoding.UTF8.GetBytes(text.Append('}').ToString());
    }

    /// <summary>Same as <see cref="Build"/> after sorting by name, as prometheus_client and prometheus-cpp emit them.</summary>
    public static byte[] BuildSorted(params (string Name, string Value)[] labels)
    {
        Array.Sort(labels, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return Build(labels);
    }

    /// <summary>"# HELP name help\n# TYPE name type\n".</summary>
    public static byte[] Header(string name, string help, string type) =>
        Encoding.UTF8.GetBytes($"# HELP {name} {help}\n# TYPE {name} {type}\n");

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static void AppendEscaped(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append("\\\\"),
                '"' => text.Append("\\\""),
                '\n' => text.Append("\\n"),
                _ => text.Append(c),
            };
        }
    }
}
