using System.Text;
using Observability.Collectors.Exposition;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.Collectors.Mapping;

/// <summary>
/// Keeps unmapped samples verbatim, with labels in a canonical text form (names sorted, values
/// escaped as in the exposition format) so equal label sets compare equal in the store.
/// </summary>
internal sealed class RawSampleCollector
{
    private readonly List<RawSample> _pending = [];
    private readonly Utf8StringPool _names = new();
    private readonly List<(string Name, string Value)> _labels = [];
    private readonly StringBuilder _text = new();

    public void Add(in Sample sample, ScrapeContext context)
    {
        _labels.Clear();
        foreach (var label in sample.Labels)
        {
            _labels.Add((_names.Get(label.Name), Encoding.UTF8.GetString(label.Value)));
        }

        _pending.Add(new RawSample(TimestampOf(sample, context), context.Target, _names.Get(sample.Name), Canonical(), sample.Value));
    }

    public void MoveTo(RowBatch batch)
    {
        batch.RawSamples.AddRange(_pending);
        _pending.Clear();
    }

    public void Clear() => _pending.Clear();

    private static DateTime TimestampOf(in Sample sample, ScrapeContext context) =>
        sample.TimestampMs is { } ms ? DateTime.UnixEpoch.AddMilliseconds(ms) : context.Timestamp;

    private string Canonical()
    {
        if (_labels.Count == 0)
        {
            return "";
        }

        _labels.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        _text.Clear().Append('{');
        for (var i = 0; i < _labels.Count; i++)
        {
            if (i > 0)
            {
                _text.Append(',');
            }

            _text.Append(_labels[i].Name).Append("=\"");
            foreach (var c in _labels[i].Value)
            {
                _ = c switch
                {
                    '\\' => _text.Append("\\\\"),
                    '"' => _text.Append("\\\""),
                    '\n' => _text.Append("\\n"),
                    _ => _text.Append(c),
                };
            }

            _text.Append('"');
        }

        return _text.Append('}').ToString();
    }
}
