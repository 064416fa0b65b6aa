namespace Observability.Collectors.Mapping;

/// <summary>
/// Remembers the previous sample's metric name without allocating, so a mapper resolves a
/// name once per family (expositions group samples by family) instead of once per sample.
/// </summary>
internal sealed class NameTracker
{
    private byte[] _buffer = new byte[128];
    private int _length = -1;

    /// <summary>True when <paramref name="name"/> differs from the last one seen; it then becomes the last one.</summary>
    public bool Changed(ReadOnlySpan<byte> name)
    {
        if (_length == name.Length && name.SequenceEqual(_buffer.AsSpan(0, _length)))
        {
            return false;
        }

        if (name.Length > _buffer.Length)
        {
            _buffer = new byte[Math.Max(name.Length, _buffer.Length * 2)];
        }

        name.CopyTo(_buffer);
        _length = name.Length;
        return true;
    }

    public void Reset() => _length = -1;
}
