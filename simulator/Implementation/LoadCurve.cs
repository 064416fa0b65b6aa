namespace Observability.Simulator.Implementation;

/// <summary>
/// Demand over the day: a cosine between 1 at the peak hour and (1 - amplitude) twelve hours later,
/// times slow log-normal noise (an AR(1) process with a five-minute memory, so the noise does not
/// depend on the step size).
/// </summary>
internal sealed class LoadCurve(double amplitude, double peakHourUtc, double noiseLevel)
{
    private const double NoiseMemorySeconds = 300;

    /// <summary>Deterministic diurnal factor in [1 - amplitude, 1] at <paramref name="time"/>.</summary>
    public double Diurnal(DateTimeOffset time)
    {
        var hour = time.UtcDateTime.TimeOfDay.TotalHours;
        var phase = 2 * Math.PI * (hour - peakHourUtc) / 24;
        return 1 - (amplitude * (1 - Math.Cos(phase)) / 2);
    }

    /// <summary>Moves a model's noise state by <paramref name="dtSeconds"/> and returns its multiplier (mean 1).</summary>
    public double StepNoise(ref double state, double dtSeconds, Rng rng)
    {
        if (noiseLevel == 0)
        {
            return 1;
        }

        var rho = Math.Exp(-dtSeconds / NoiseMemorySeconds);
        state = (rho * state) + (Math.Sqrt(1 - (rho * rho)) * noiseLevel * rng.Normal());
        return Math.Exp(state - (noiseLevel * noiseLevel / 2));
    }
}
