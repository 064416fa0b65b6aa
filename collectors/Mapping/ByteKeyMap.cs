using System.Diagnostics.CodeAnalysis;

namespace Observability.Collectors.Mapping;

/// <summary>A dictionary keyed by byte content, probed with spans: no allocation on a hit.</summary>
public sealed class ByteKeyMap<TValue>
{
    private readonly Dictionary<byte[], TValue> _map = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], TValue>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public ByteKeyMap()
    {
        _lookup = _map.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int Count => _map.Count;

    public bool TryGetValue(ReadOnlySpan<byte> key, [MaybeNullWhen(false)] out TValue value) => _lookup.TryGetValue(key, out value);

    /// <summary>Adds or replaces; copies the key only when it is new.</summary>
    public void Set(ReadOnlySpan<byte> key, TValue value) => _lookup[key] = value;

    public void Clear() => _map.Clear();

    /// <summary>Removes every entry whose value matches; returns how many were removed.</summary>
    public int RemoveWhere(Func<TValue, bool> predicate)
    {
        List<byte[]>? doomed = null;
        foreach (var (key, value) in _map)
        {
            if (predicate(value))
            {
                (doomed ??= []).Add(key);
            }
        }

        doomed?.ForEach(k => _map.Remove(k));
        return doomed?.Count ?? 0;
    }

    public IEnumerable<TValue> Values => _map.Values;
}
