using Observability.Collectors.Exposition.Implementation;

namespace Observability.Collectors.Exposition;

/// <summary>
/// Metric families of the text format, tracked as Go's expfmt tracks them: by exact name, with a summary's or
/// histogram's _sum/_count (and a histogram's _bucket) folded into the declared family.
/// </summary>
public sealed partial class ExpositionParser
{
    private readonly FamilyTable _families = new();

    // Consecutive samples usually share a name (one line per GPU, per bucket), so the last lookup is cached.
    private int _lastNameStart;
    private int _lastNameLength;
    private int _lastFamily;

    private void ResetText()
    {
        _families.Clear();
        _lastNameStart = -1;
        _lastNameLength = 0;
        _lastFamily = -1;
    }

    private int TextSampleFamily(ReadOnlySpan<byte> body, int start, int length)
    {
        if (_lastFamily >= 0 && length == _lastNameLength && body.Slice(start, length).SequenceEqual(body.Slice(_lastNameStart, length)))
        {
            return _lastFamily;
        }

        _lastFamily = ResolveTextFamily(body, start, length);
        _lastNameStart = start;
        _lastNameLength = length;
        return _lastFamily;
    }

    /// <summary>
    /// The family a name belongs to, created when new: the exact name, else the summary or histogram whose
    /// _count, _sum (or histogram _bucket) it is, as Go's expfmt does.
    /// </summary>
    private int ResolveTextFamily(ReadOnlySpan<byte> body, int start, int length)
    {
        var name = body.Slice(start, length);
        var hash = ByteHash.Hash(name);
        var found = _families.Find(body, start, length, hash);
        if (found >= 0)
        {
            return found;
        }

        var baseLength = name.EndsWith("_count"u8) && length > 6 ? length - 6
            : name.EndsWith("_sum"u8) && length > 4 ? length - 4
            : -1;
        if (baseLength > 0)
        {
            found = _families.Find(body, start, baseLength, ByteHash.Hash(name[..baseLength]));
            if (found >= 0 && _families[found].Type is MetricType.Summary or MetricType.Histogram)
            {
                return found;
            }
        }
        else if (name.EndsWith("_bucket"u8) && length > 7)
        {
            found = _families.Find(body, start, length - 7, ByteHash.Hash(name[..^7]));
            if (found >= 0 && _families[found].Type == MetricType.Histogram)
            {
                return found;
            }
        }

        return _families.Add(start, length, hash);
    }
}
