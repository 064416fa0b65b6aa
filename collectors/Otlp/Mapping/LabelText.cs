using System.Text;
using Google.Protobuf.Collections;
using Observability.Collectors.Otlp.Protocol;

namespace Observability.Collectors.Otlp.Mapping;

/// <summary>
/// Attributes as the canonical label text the raw-sample table uses: <c>{a="1",b="2"}</c>, keys sorted, values escaped
/// as in the Prometheus text format. A key present in both lists takes its value from <c>overrides</c>.
/// </summary>
internal static class LabelText
{
    public static string Of(RepeatedField<KeyValue>? baseline, RepeatedField<KeyValue> overrides)
    {
        var pairs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (baseline is not null)
        {
            foreach (var kv in baseline)
            {
                pairs[kv.Key] = AnyValues.AsString(kv.Value) ?? string.Empty;
            }
        }

        foreach (var kv in overrides)
        {
            pairs[kv.Key] = AnyValues.AsString(kv.Value) ?? string.Empty;
        }

        return Format(pairs);
    }

    public static string Format(IEnumerable<KeyValuePair<string, string>> sorted)
    {
        var text = new StringBuilder("{");
        foreach (var (key, value) in sorted)
        {
            if (text.Length > 1)
            {
                text.Append(',');
            }

            text.Append(key).Append("=\"");
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

            text.Append('"');
        }

        return text.Append('}').ToString();
    }
}
