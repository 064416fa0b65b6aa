namespace Observability.Collectors.Exposition.Implementation;

/// <summary>
/// Metric families of one Prometheus text parse, keyed by name. Names are ranges into the body, so
/// nothing is copied; the arrays are kept between parses so steady-state parses do not allocate.
/// </summary>
internal sealed class FamilyTable
{
    private Entry[] _entries = new Entry[64];
    private int[] _buckets = new int[128]; // entry index + 1; 0 = empty
    private int _count;

    public ref Entry this[int index] => ref _entries[index];

    public void Clear()
    {
        if (_count > 0)
        {
            Array.Clear(_buckets);
            _count = 0;
        }
    }

    public int Find(ReadOnlySpan<byte> body, int start, int length, ulong hash)
    {
        var name = body.Slice(start, length);
        var i = _buckets[(int)hash & (_buckets.Length - 1)] - 1;
        while (i >= 0)
        {
            ref var e = ref _entries[i];
            if (e.Hash == hash && e.NameLength == length && body.Slice(e.NameStart, length).SequenceEqual(name))
            {
                return i;
            }

            i = e.Next;
        }

        return -1;
    }

    public int Add(int start, int length, ulong hash)
    {
        if (_count == _entries.Length)
        {
            Grow();
        }

        var index = _count++;
        ref var e = ref _entries[index];
        e = new Entry { NameStart = start, NameLength = length, Hash = hash };
        Link(index);
        return index;
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

    internal struct Entry
    {
        public int NameStart;
        public int NameLength;
        public ulong Hash;
        public int Next;
        public MetricType Type;

        /// <summary>A TYPE line or a sample fixed the type (a sample fixes it to untyped), as in Go's expfmt.</summary>
        public bool TypeSet;
        public bool HasHelp;
    }
}
