using System.Text;
using Observability.Collectors.Mapping;

namespace Observability.RemoteWrite.Implementation;

/// <summary>
/// Recovers a target's labels from its series. A scraper attaches a target's labels to every series it forwards, so a
/// well-known target label (<c>cluster</c>, <c>node</c>, <c>namespace</c>, <c>pod</c>, <c>tenant</c>) present with the
/// same value on every series of a scrape is taken as the target's, as a scrape target's configured labels are, and is
/// not passed on to the mappers as a series label (nor are <c>job</c> and <c>instance</c>, never stored).
/// </summary>
internal sealed class TargetLabelStats
{
    private static readonly byte[][] s_keys = ["cluster"u8.ToArray(), "node"u8.ToArray(), "namespace"u8.ToArray(), "pod"u8.ToArray(), "tenant"u8.ToArray()];

    private readonly byte[]?[] _values = new byte[]?[s_keys.Length];
    private readonly int[] _counts = new int[s_keys.Length];
    private readonly bool[] _disagree = new bool[s_keys.Length];

    /// <summary>Which of the well-known keys <paramref name="name"/> is, or -1.</summary>
    public static int KeyOf(ReadOnlySpan<byte> name)
    {
        if (name.Length is < 3 or > 9)
        {
            return -1;
        }

        for (var k = 0; k < s_keys.Length; k++)
        {
            if (name.SequenceEqual(s_keys[k]))
            {
                return k;
            }
        }

        return -1;
    }

    /// <summary>Notes one series' value for key <paramref name="key"/>.</summary>
    public void See(int key, ReadOnlySpan<byte> value)
    {
        _counts[key]++;
        if (_values[key] is not { } first)
        {
            _values[key] = value.ToArray();
        }
        else if (!value.SequenceEqual(first))
        {
            _disagree[key] = true;
        }
    }

    /// <summary>After a scrape's <paramref name="samples"/> were seen: the target's labels, and which keys they are.</summary>
    public (TargetLabels Labels, bool[] IsTargetLabel) Resolve(int samples)
    {
        var isTarget = new bool[s_keys.Length];
        var text = new string[s_keys.Length];
        for (var k = 0; k < s_keys.Length; k++)
        {
            isTarget[k] = samples > 0 && _counts[k] == samples && !_disagree[k];
            text[k] = isTarget[k] ? Encoding.UTF8.GetString(_values[k]!) : "";
        }

        return (new TargetLabels(text[0], text[1], text[2], text[3], text[4]), isTarget);
    }
}
