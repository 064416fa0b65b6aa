namespace Observability.RemoteWrite.Implementation;

/// <summary>
/// One sample waiting in a <see cref="PendingScrape"/>: where its metric name and labels lie in the scrape's arena,
/// its value, and what its labels say about its type.
/// </summary>
internal readonly record struct PendingEntry(int NameStart, int NameLength, int LabelsStart, int LabelsLength, double Value, bool HasLe, bool HasQuantile);

/// <summary>
/// The samples of one target at one timestamp: what one scrape of that target produced, gathered across requests.
/// Names and labels are copied as UTF-8 into one growing arena (labels as name 0xFF value 0xFF …, without
/// <c>__name__</c>, <c>job</c> and <c>instance</c>), so a waiting sample costs bytes, not objects.
/// </summary>
internal sealed class PendingScrape(long timestampMs, long firstArrival, byte[] arena, List<PendingEntry> entries)
{
    private byte[] _arena = arena;
    private int _used;

    public long TimestampMs { get; } = timestampMs;

    /// <summary>When its first sample arrived (a <see cref="TimeProvider"/> timestamp): the assembly delay counts from here.</summary>
    public long FirstArrival { get; } = firstArrival;

    /// <summary>Reused from the target's previous scrape, so a steady target allocates no new list.</summary>
    public List<PendingEntry> Entries { get; } = entries;

    public TargetLabelStats TargetLabels { get; } = new();

    public ReadOnlySpan<byte> Arena => _arena.AsSpan(0, _used);

    /// <summary>The arena's array itself, for comparers that cannot hold a span; valid until the next append.</summary>
    public byte[] ArenaBuffer => _arena;

    /// <summary>Appends bytes to the arena; returns where they start.</summary>
    public int Append(ReadOnlySpan<byte> bytes)
    {
        if (_used + bytes.Length > _arena.Length)
        {
            Grow(_used + bytes.Length);
        }

        bytes.CopyTo(_arena.AsSpan(_used));
        var start = _used;
        _used += bytes.Length;
        return start;
    }

    public void AppendByte(byte b)
    {
        if (_used == _arena.Length)
        {
            Grow(_used + 1);
        }

        _arena[_used++] = b;
    }

    public int Used => _used;

    /// <summary>
    /// Hands back the arena and entry list once the scrape is mapped, for the target's next scrape: a steady target
    /// then assembles without allocating. The scrape must not be used afterwards.
    /// </summary>
    public (byte[] Arena, List<PendingEntry> Entries) Release()
    {
        var arena = _arena;
        _arena = [];
        _used = 0;
        Entries.Clear();
        return (arena, Entries);
    }

    private void Grow(int needed) => Array.Resize(ref _arena, Math.Max(needed, _arena.Length * 2));
}
