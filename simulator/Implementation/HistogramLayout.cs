using Observability.Simulator.Implementation.Rendering;

namespace Observability.Simulator.Implementation;

/// <summary>
/// Bucket bounds of an exported histogram and their pre-formatted <c>le</c> values (with "+Inf"
/// last), in the style of the exporter that owns it. Bounds are the engines' defaults (NOTES §2-3).
/// </summary>
internal sealed class HistogramLayout
{
    private HistogramLayout(double[] bounds, Func<double, string> format)
    {
        Bounds = bounds;
        Le = [.. bounds.Select(b => LabelSet.Bytes(format(b))), "+Inf"u8.ToArray()];
    }

    public double[] Bounds { get; }

    /// <summary>One entry per bucket, the last being "+Inf".</summary>
    public byte[][] Le { get; }

    public static HistogramLayout VllmTtft { get; } = Python(
        0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80, 160, 640, 2560);

    public static HistogramLayout VllmInterToken { get; } = Python(
        0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80);

    public static HistogramLayout VllmRequestTime { get; } = Python(
        0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60, 120, 240, 480, 960, 1920, 7680);

    /// <summary>Pre-V1 bounds, as the legacy names were exported (TTFT to 10 s, TPOT to 2.5 s, e2e 1-60 s).</summary>
    public static HistogramLayout LegacyTtft { get; } = Python(
        0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10);

    public static HistogramLayout LegacyTimePerOutputToken { get; } = Python(
        0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5);

    public static HistogramLayout LegacyE2e { get; } = Python(1, 2.5, 5, 10, 15, 20, 30, 40, 50, 60);

    public static HistogramLayout TritonFirstResponseMs { get; } = new([100, 500, 2000, 5000], PromFormat.Shortest);

    public static HistogramLayout TrtLlmTokenLength { get; } = new([10, 50, 100, 500, 1000], PromFormat.Shortest);

    /// <summary>vLLM's 1-2-5 series up to max_model_len, for the request token-count histograms.</summary>
    public static HistogramLayout VllmTokenCounts(int maxModelLength)
    {
        var bounds = new List<double>();
        for (var scale = 1.0; ; scale *= 10)
        {
            foreach (var m in (ReadOnlySpan<double>)[1, 2, 5])
            {
                if (m * scale > maxModelLength)
                {
                    return new HistogramLayout([.. bounds], PromFormat.Python);
                }

                bounds.Add(m * scale);
            }
        }
    }

    private static HistogramLayout Python(params double[] bounds) => new(bounds, PromFormat.Python);
}
