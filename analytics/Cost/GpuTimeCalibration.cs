using Observability.Ingest.Contract;

namespace Observability.Analytics.Cost;

/// <summary>
/// A model's GPU time per token: <see cref="Prefill"/> GPU-hours per uncached input token and <see cref="Decode"/>
/// GPU-hours per output token. A request's estimated GPU time is <c>Prefill × uncached input + Decode × output</c>.
/// </summary>
public sealed record GpuTimeCoefficients(string Model, double Prefill, double Decode, bool Fitted, int Observations);

/// <summary>
/// Fits <see cref="GpuTimeCoefficients"/> per model from the telemetry: for every deployment-hour that served one
/// model, the busy GPU-hours (GPU-hours × utilization) against that hour's uncached input and output tokens, by
/// least squares through the origin. When a model has fewer than <see cref="MinimumObservations"/> hours, when the
/// two token counts move together too closely to tell apart, or when a coefficient comes out negative, the model
/// falls back to <see cref="CostOptions.DefaultDecodeToPrefillRatio"/>.
/// </summary>
public static class GpuTimeCalibration
{
    public const int MinimumObservations = 6;

    /// <summary>Above this correlation between input and output tokens the fit cannot separate prefill from decode.</summary>
    public const double MaximumCorrelation = 0.995;

    public static Dictionary<string, GpuTimeCoefficients> Fit(
        IEnumerable<GpuCostPiece> pieces, IEnumerable<RequestHourUsage> requests, CostOptions options)
    {
        var busy = pieces
            .Where(p => p.Deployment is not null && !double.IsNaN(p.BusyGpuHours))
            .GroupBy(p => (p.Hour, Deployment: p.Deployment!.Value))
            .ToDictionary(g => g.Key, g => g.Sum(p => p.BusyGpuHours));
        var observations = requests
            .GroupBy(r => (r.Hour, Deployment: DeploymentKey.ForRequest(r.Namespace, r.Deployment, r.Pod)))
            .Where(g => busy.ContainsKey(g.Key) && g.Select(r => r.Model).Distinct(StringComparer.Ordinal).Count() == 1)
            .Select(g => (Model: g.First().Model, X1: (double)g.Sum(r => r.InputTokens - r.CachedInputTokens), X2: (double)g.Sum(r => r.OutputTokens), Y: busy[g.Key]))
            .GroupBy(o => o.Model, StringComparer.Ordinal);

        var result = new Dictionary<string, GpuTimeCoefficients>(StringComparer.Ordinal);
        foreach (var model in observations)
        {
            result[model.Key] = FitOne(model.Key, [.. model.Select(o => (o.X1, o.X2, o.Y))], options);
        }

        return result;
    }

    public static GpuTimeCoefficients Fallback(string model, CostOptions options, int observations = 0) =>
        new(model, 1e-6, 1e-6 * (double)options.DefaultDecodeToPrefillRatio, false, observations);

    private static GpuTimeCoefficients FitOne(string model, List<(double X1, double X2, double Y)> points, CostOptions options)
    {
        if (points.Count < MinimumObservations)
        {
            return Fallback(model, options, points.Count);
        }

        double s11 = 0, s12 = 0, s22 = 0, t1 = 0, t2 = 0;
        foreach (var (x1, x2, y) in points)
        {
            s11 += x1 * x1;
            s12 += x1 * x2;
            s22 += x2 * x2;
            t1 += x1 * y;
            t2 += x2 * y;
        }

        // Uncentred correlation: through the origin, this is what makes the normal equations ill-conditioned.
        var correlation = s12 / Math.Sqrt(s11 * s22);
        var det = (s11 * s22) - (s12 * s12);
        if (!(correlation < MaximumCorrelation) || det <= 0)
        {
            return Fallback(model, options, points.Count);
        }

        var prefill = ((t1 * s22) - (t2 * s12)) / det;
        var decode = ((s11 * t2) - (s12 * t1)) / det;
        return prefill > 0 && decode > 0 && double.IsFinite(prefill) && double.IsFinite(decode)
            ? new GpuTimeCoefficients(model, prefill, decode, true, points.Count)
            : Fallback(model, options, points.Count);
    }
}
