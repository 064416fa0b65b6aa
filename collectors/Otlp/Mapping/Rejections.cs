namespace Observability.Collectors.Otlp.Mapping;

/// <summary>
/// Items of one export that were not stored, by reason, with the first few reasons spelled out for the client's
/// <c>partial_success.error_message</c>. Not thread-safe: one per export.
/// </summary>
internal sealed class Rejections
{
    private const int MaxMessages = 3;
    private readonly List<string> _messages = [];
    private readonly Dictionary<string, int> _byReason = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public IReadOnlyDictionary<string, int> ByReason => _byReason;

    /// <summary>Counts one rejected item under a fixed <paramref name="reason"/> tag and keeps a readable message.</summary>
    public void Add(string reason, string message, int items = 1)
    {
        Count += items;
        _byReason[reason] = _byReason.GetValueOrDefault(reason) + items;
        if (_messages.Count < MaxMessages)
        {
            _messages.Add(message);
        }
    }

    public string Message => Count == 0
        ? string.Empty
        : Count > _messages.Count
            ? $"{Count} item(s) rejected: {string.Join("; ", _messages)}; ..."
            : $"{Count} item(s) rejected: {string.Join("; ", _messages)}";
}
