namespace Observability.Collectors.Exposition.Implementation;

/// <summary>
/// The sample names already claimed by earlier OpenMetrics families (family name + suffix), so that
/// a name claimed twice fails the parse. Names stay ranges into the body; arrays are reused.
/// </summary>
internal sealed class NameSet
{
    private Entry[] _entries = new Entry[64];
    private int[] _buckets = new int[128]; // entry index + 1; 0 = empty
    private byte[] _concat = new byte[128];
    private int _count;

    public void Clear()
    {
        if (_count > 0)
        {
            Array.Clear(_buckets);
            _count = 0;
        }
    }

    /// <summary>Adds name+suffix; false when it was already present.</summary>
    public bool Add(ReadOnlySpan<byte> body, int start, int length, Suffix suffix)
    {
        var name = body.Slice(start, length);
        var tail = Suffixes.Bytes(suffix);
        var hash = HashOf(name, tail);
        var i = _buckets[(int)hash & (_buckets.Length - 1)] - 1;
        while (i >= 0)
        {
            ref var e = ref _entries[i];
            if (e.Hash == hash && Bytes.ConcatEquals(body.Slice(e.Start, e.Length), Suffixes.Bytes(e.Suffix), name, tail))
            {
                return false;
            }

            i = e.Next;
        }

        if (_count == _entries.Length)
        {
            Grow();
        }

        var index = _count++;
        _entries[index] = new Entry { Start = start, Length = length, Suffix = suffix, Hash = hash };
        Link(index);
        return true;
    }

    private ulong HashOf(ReadOnlySpan<byte> name, ReadOnlySpan<byte> tail)
    {
        var total = name.Length + tail.Length;
        if (_concat.Length < total)
        {
            _concat = new byte[Math.Max(total, _concat.Length * 2)];
        }

        name.CopyTo(_concat);
        tail.CopyTo(_concat.AsSpan(name.Length));
        return ByteHash.Hash(_concat.AsSpan(0, total));
    }

    private void Link(int index)
    {
        ref var e = ref _entries[index];
        ref var bucket = ref _buckets[(int)e.Hash & (_buckets.Length - 1)];
        e.Next = bucket - 1;
        bucket = index + 1;
    }

    private void Grow()
    {
        Array.Resize(ref _entries, _entries.Length * 2);
        _buckets = new int[_buckets.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            Link(i);
        }
    }

    private struct Entry
    {
        public int Start;
        public int Length;
        public Suffix Suffix;
        public ulong Hash;
        public int Next;
    }
}
