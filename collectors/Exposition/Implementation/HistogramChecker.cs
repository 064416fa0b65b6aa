namespace Observability.Collectors.Exposition.Implementation;

/// <summary>
/// OpenMetrics histogram and gauge-histogram consistency, checked as samples stream by: one group
/// (label set without <c>le</c>, at one timestamp) at a time, the way the reference parser checks them.
/// </summary>
internal struct HistogramChecker
{
    private double _count;
    private double _bucket;
    private double _lastBucketValue;
    private bool _hasCount;
    private bool _hasBucket;
    private bool _hasNegativeBuckets;
    private bool _hasSum;
    private bool _hasGSum;
    private bool _hasNegativeGSum;

    public bool Active { get; private set; }

    public ulong Group { get; private set; }

    public Int128? Timestamp { get; private set; }

    /// <summary>Line of the group's last sample, where a failed check is reported.</summary>
    public int LastLine { get; private set; }

    public readonly bool IsSameGroup(ulong group, Int128? timestamp) => Active && Group == group && Timestamp == timestamp;

    public void Start(ulong group, Int128? timestamp)
    {
        this = default;
        Active = true;
        Group = group;
        Timestamp = timestamp;
    }

    public void Stop() => Active = false;

    /// <summary>Adds one sample of the current group; an error message when it breaks the ordering rules.</summary>
    public string? Add(Suffix suffix, double le, double value, int line)
    {
        LastLine = line;
        switch (suffix)
        {
            case Suffix.Bucket:
                if (le < 0)
                {
                    _hasNegativeBuckets = true;
                }

                if (_hasBucket && le <= _bucket)
                {
                    return "buckets must be in increasing order of 'le'";
                }

                if (value < _lastBucketValue)
                {
                    return "bucket counts must not decrease as 'le' increases (buckets are cumulative)";
                }

                _hasBucket = true;
                _bucket = le;
                _lastBucketValue = value;
                break;
            case Suffix.Count or Suffix.GCount:
                _hasCount = true;
                _count = value;
                break;
            case Suffix.Sum:
                _hasSum = true;
                break;
            case Suffix.GSum:
                _hasGSum = true;
                _hasNegativeGSum |= value < 0;
                break;
        }

        return null;
    }

    /// <summary>Checks a finished group; an error message when it is inconsistent.</summary>
    public readonly string? Finish()
    {
        if (!_hasBucket || !double.IsPositiveInfinity(_bucket))
        {
            return "the +Inf bucket is missing";
        }

        if (_hasCount && _count != _lastBucketValue)
        {
            return "the _count/_gcount value does not match the +Inf bucket";
        }

        if (_hasSum && !_hasCount)
        {
            return "_count must be present when _sum is";
        }

        if (_hasGSum && !_hasCount)
        {
            return "_gcount must be present when _gsum is";
        }

        if (!(_hasSum || _hasGSum) && _hasCount)
        {
            return "_sum/_gsum must be present when _count/_gcount is";
        }

        if (_hasNegativeBuckets && _hasSum)
        {
            return "a histogram with negative buckets cannot have _sum";
        }

        if (!_hasNegativeBuckets && _hasNegativeGSum)
        {
            return "a negative _gsum needs negative buckets";
        }

        return null;
    }
}
