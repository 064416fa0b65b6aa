using System.Text;
using Observability.Collectors.Exposition;

namespace Observability.RemoteWrite.Tests.Support;

/// <summary>One sample of an exposition, copied out of the parser: what a scraper would forward.</summary>
internal sealed record ExposedSample(string Name, IReadOnlyList<(string Name, string Value)> Labels, double Value)
{
    /// <summary>Every sample of a Prometheus text exposition, in order.</summary>
    public static List<ExposedSample> Parse(string text)
    {
        var sink = new Collector();
        var result = new ExpositionParser().Parse(Encoding.UTF8.GetBytes(text), ExpositionFormat.PrometheusText, ref sink);
        Assert.True(result.Ok, result.ToString());
        return sink.Samples;
    }

    /// <summary>Renders samples back as exposition text (no TYPE lines: the mappers go by names).</summary>
    public static string Render(IEnumerable<ExposedSample> samples)
    {
        var text = new StringBuilder();
        foreach (var s in samples)
        {
            text.Append(s.Name);
            if (s.Labels.Count > 0)
            {
                text.Append('{').AppendJoin(',', s.Labels.Select(l => $"{l.Name}=\"{Escape(l.Value)}\"")).Append('}');
            }

            text.Append(' ').Append(Format(s.Value)).Append('\n');
        }

        return text.ToString();
    }

    private static string Format(double v) => double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf" : double.IsNaN(v) ? "NaN" : v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static string Escape(string v) => v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private struct Collector : ISampleSink
    {
        public Collector()
        {
        }

        public List<ExposedSample> Samples { get; } = [];

        public readonly void OnSample(in Sample sample)
        {
            var labels = new List<(string, string)>();
            foreach (var label in sample.Labels)
            {
                labels.Add((Encoding.UTF8.GetString(label.Name), Encoding.UTF8.GetString(label.Value)));
            }

            Samples.Add(new ExposedSample(Encoding.UTF8.GetString(sample.Name), labels, sample.Value));
        }
    }
}
