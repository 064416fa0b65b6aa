namespace Observability.Collectors.Exposition;

/// <summary>
/// One parsed sample, as a view over the parser's buffers: nothing is copied or allocated.
/// Valid only during <see cref="ISampleSink.OnSample"/>.
/// </summary>
public readonly ref struct Sample
{
    /// <summary>The sample's metric name as written, e.g. <c>vllm:e2e_request_latency_seconds_bucket</c>.</summary>
    public ReadOnlySpan<byte> Name { get; init; }

    /// <summary>The family the sample belongs to (<c>vllm:e2e_request_latency_seconds</c>); equals <see cref="Name"/> when the family is untyped.</summary>
    public ReadOnlySpan<byte> FamilyName { get; init; }

    /// <summary>The family's declared type.</summary>
    public MetricType Type { get; init; }

    /// <summary>Labels in the order written, values unescaped.</summary>
    public LabelList Labels { get; init; }

    /// <summary>
    /// The exact bytes between <c>{</c> and <c>}</c> (empty without labels). Two samples with equal
    /// raw labels have equal label sets, so collectors use it as a cheap cache key.
    /// </summary>
    public ReadOnlySpan<byte> RawLabels { get; init; }

    public double Value { get; init; }

    /// <summary>Milliseconds since the Unix epoch, or null when the sample has no timestamp.</summary>
    public long? TimestampMs { get; init; }

    /// <summary>1-based line of the sample in the exposition.</summary>
    public int LineNumber { get; init; }
}

/// <summary>A label name and its unescaped value.</summary>
public readonly ref struct Label
{
    public Label(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        Name = name;
        Value = value;
    }

    public ReadOnlySpan<byte> Name { get; }

    public ReadOnlySpan<byte> Value { get; }
}

/// <summary>Where one label's name and value lie: in the exposition, or (when unescaped) in the parser's scratch buffer.</summary>
public readonly record struct LabelRange(int NameStart, int NameLength, int ValueStart, int ValueLength, bool ValueInScratch);

/// <summary>The labels of a <see cref="Sample"/>: a view over the parser's buffers.</summary>
public readonly ref struct LabelList
{
    private readonly ReadOnlySpan<byte> _source;
    private readonly ReadOnlySpan<byte> _scratch;
    private readonly ReadOnlySpan<LabelRange> _ranges;

    public LabelList(ReadOnlySpan<byte> source, ReadOnlySpan<byte> scratch, ReadOnlySpan<LabelRange> ranges)
    {
        _source = source;
        _scratch = scratch;
        _ranges = ranges;
    }

    public int Count => _ranges.Length;

    public Label this[int index]
    {
        get
        {
            var r = _ranges[index];
            var value = r.ValueInScratch ? _scratch.Slice(r.ValueStart, r.ValueLength) : _source.Slice(r.ValueStart, r.ValueLength);
            return new Label(_source.Slice(r.NameStart, r.NameLength), value);
        }
    }

    /// <summary>Finds a label by name; false when absent.</summary>
    public bool TryGetValue(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        for (var i = 0; i < _ranges.Length; i++)
        {
            var r = _ranges[i];
            if (_source.Slice(r.NameStart, r.NameLength).SequenceEqual(name))
            {
                value = r.ValueInScratch ? _scratch.Slice(r.ValueStart, r.ValueLength) : _source.Slice(r.ValueStart, r.ValueLength);
                return true;
            }
        }

        value = default;
        return false;
    }

    public Enumerator GetEnumerator() => new(this);

    public ref struct Enumerator
    {
        private readonly LabelList _list;
        private int _index;

        internal Enumerator(LabelList list)
        {
            _list = list;
            _index = -1;
        }

        public readonly Label Current => _list[_index];

        public bool MoveNext() => ++_index < _list.Count;
    }
}
