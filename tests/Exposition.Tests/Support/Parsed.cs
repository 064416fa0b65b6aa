using System.Text;
using Observability.Collectors.Exposition;

namespace Observability.Exposition.Tests.Support;

/// <summary>A sample copied out of the parser's buffers, for assertions.</summary>
internal sealed record ParsedSample(
    string Name,
    string FamilyName,
    MetricType Type,
    IReadOnlyList<KeyValuePair<string, string>> Labels,
    string RawLabels,
    double Value,
    long? TimestampMs,
    int LineNumber)
{
    public string Label(string name) => Labels.Single(l => l.Key == name).Value;
}

/// <summary>Collects copies of every sample (tests only: it allocates per sample).</summary>
internal sealed class CollectingSink : ISampleSink
{
    public List<ParsedSample> Samples { get; } = [];

    public void OnSample(in Sample sample)
    {
        var labels = new List<KeyValuePair<string, string>>();
        foreach (var label in sample.Labels)
        {
            labels.Add(new(Encoding.UTF8.GetString(label.Name), Encoding.UTF8.GetString(label.Value)));
        }

        Samples.Add(new ParsedSample(
            Encoding.UTF8.GetString(sample.Name),
            Encoding.UTF8.GetString(sample.FamilyName),
            sample.Type,
            labels,
            Encoding.UTF8.GetString(sample.RawLabels),
            sample.Value,
            sample.TimestampMs,
            sample.LineNumber));
    }
}

/// <summary>Counts samples and sums values without allocating, like a production sink.</summary>
internal struct CountingSink : ISampleSink
{
    public int Count;
    public double Sum;
    public int LabelCount;

    public void OnSample(in Sample sample)
    {
        Count++;
        Sum += sample.Value;
        LabelCount += sample.Labels.Count;
    }
}

internal static class Parse
{
    public static (ParseResult Result, List<ParsedSample> Samples) Text(string text, ParserOptions? options = null) =>
        Bytes(Encoding.UTF8.GetBytes(text), ExpositionFormat.PrometheusText, options);

    public static (ParseResult Result, List<ParsedSample> Samples) OpenMetrics(string text, ParserOptions? options = null) =>
        Bytes(Encoding.UTF8.GetBytes(text), ExpositionFormat.OpenMetrics, options);

    public static (ParseResult Result, List<ParsedSample> Samples) Bytes(byte[] body, ExpositionFormat format, ParserOptions? options = null)
    {
        var sink = new CollectingSink();
        var result = new ExpositionParser(options).Parse(body, format, ref sink);
        return (result, sink.Samples);
    }
}

internal static class Describe
{
    /// <summary>A sample as one comparable line: name, family, type, labels, raw labels, value bits, timestamp, line.</summary>
    public static string Sample(ParsedSample s) =>
        $"{s.Name}|{s.FamilyName}|{s.Type}|{string.Join(",", s.Labels.Select(l => $"{l.Key}={l.Value}"))}|{s.RawLabels}|" +
        $"{BitConverter.DoubleToInt64Bits(s.Value)}|{s.TimestampMs}|{s.LineNumber}";
}
