using System.Text.Json;
using Observability.Collectors.Exposition;
using Observability.Host.Cli;

namespace Observability.Host.Commands;

/// <summary>
/// <c>obs parse FILE|- [--format ...] --json [--lenient]</c>: one JSON object per sample per line,
/// <c>{"name","type","labels":{...},"value","timestamp_ms"}</c>. Non-finite values are the strings
/// "NaN", "+Inf", "-Inf"; <c>timestamp_ms</c> is null when the sample has none. Nothing is printed
/// for an invalid exposition: it fails like check-metrics.
/// </summary>
public static class ParseCommand
{
    public const string Usage = "obs parse FILE|- [--format prometheus|openmetrics] --json [--lenient]";

    public static async Task<int> RunAsync(CommandArgs args, Stream stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (!args.Flag("json"))
        {
            throw new UsageException("parse writes JSON lines only: pass --json");
        }

        var (bytes, name, format, parser) = await ExpositionInput.LoadAsync("parse", args, cancellationToken).ConfigureAwait(false);

        // Written to memory first: an invalid exposition must print nothing but the error.
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            var sink = new JsonLinesSink(writer, buffer, format);
            var result = parser.Parse(bytes, format, ref sink);
            if (!result.Ok)
            {
                await stderr.WriteLineAsync($"{name}:{result.LineNumber}: {result.Error}").ConfigureAwait(false);
                return 1;
            }
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(stdout, cancellationToken).ConfigureAwait(false);
        await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private readonly struct JsonLinesSink(Utf8JsonWriter writer, Stream output, ExpositionFormat format) : ISampleSink
    {
        public void OnSample(in Sample sample)
        {
            writer.WriteStartObject();
            writer.WriteString("name"u8, sample.Name);
            writer.WriteString("type"u8, TypeName(sample.Type, format));
            writer.WriteStartObject("labels"u8);
            foreach (var label in sample.Labels)
            {
                writer.WriteString(label.Name, label.Value);
            }

            writer.WriteEndObject();
            var v = sample.Value;
            if (double.IsNaN(v)) writer.WriteString("value"u8, "NaN"u8);
            else if (double.IsPositiveInfinity(v)) writer.WriteString("value"u8, "+Inf"u8);
            else if (double.IsNegativeInfinity(v)) writer.WriteString("value"u8, "-Inf"u8);
            else writer.WriteNumber("value"u8, v);

            if (sample.TimestampMs is { } ts) writer.WriteNumber("timestamp_ms"u8, ts);
            else writer.WriteNull("timestamp_ms"u8);
            writer.WriteEndObject();
            writer.Flush();
            writer.Reset();
            output.WriteByte((byte)'\n');
        }

        private static string TypeName(MetricType type, ExpositionFormat format) => type switch
        {
            MetricType.Counter => "counter",
            MetricType.Gauge => "gauge",
            MetricType.Histogram => "histogram",
            MetricType.Summary => "summary",
            MetricType.GaugeHistogram => "gaugehistogram",
            MetricType.StateSet => "stateset",
            MetricType.Info => "info",
            _ => format == ExpositionFormat.OpenMetrics ? "unknown" : "untyped",
        };
    }
}
