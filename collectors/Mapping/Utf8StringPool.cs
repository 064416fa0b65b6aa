using System.Text;

namespace Observability.Collectors.Mapping;

/// <summary>
/// Turns label values into strings once: the same bytes give the same string instance, so a
/// fleet's few thousand distinct values cost a few thousand strings, not one per sample.
/// Bounded: past <see cref="MaxEntries"/> it starts over, so a label with unbounded values
/// cannot grow memory without limit.
/// </summary>
public sealed class Utf8StringPool
{
    private readonly ByteKeyMap<string> _strings = new();

    public int MaxEntries { get; init; } = 100_000;

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return "";
        }

        if (_strings.TryGetValue(utf8, out var s))
        {
            return s;
        }

        if (_strings.Count >= MaxEntries)
        {
            _strings.Clear();
        }

        s = Encoding.UTF8.GetString(utf8);
        _strings.Set(utf8, s);
        return s;
    }
}
