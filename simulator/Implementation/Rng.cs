namespace Observability.Simulator.Implementation;

/// <summary>
/// The simulator's single seeded random source with the distributions it needs. Seeded
/// <see cref="Random"/> uses a fixed algorithm across .NET versions, so a seed reproduces a run.
/// </summary>
internal sealed class Rng(int seed)
{
    private readonly Random random = new(seed);
    private double spareNormal = double.NaN;

    public double NextDouble() => random.NextDouble();

    public int Next(int maxExclusive) => random.Next(maxExclusive);

    /// <summary>Standard normal by Box-Muller, keeping the second value for the next call.</summary>
    public double Normal()
    {
        if (!double.IsNaN(spareNormal))
        {
            var spare = spareNormal;
            spareNormal = double.NaN;
            return spare;
        }

        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var r = Math.Sqrt(-2.0 * Math.Log(u1));
        spareNormal = r * Math.Sin(2 * Math.PI * u2);
        return r * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Log-normal with the given mean (not median) and log-scale spread.</summary>
    public double LogNormal(double mean, double sigma) => mean * Math.Exp((sigma * Normal()) - (sigma * sigma / 2));

    /// <summary>Poisson count: exact (Knuth) for small means, normal approximation above 30 where the error is negligible.</summary>
    public int Poisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 30)
        {
            return (int)Math.Max(0, Math.Round(mean + (Math.Sqrt(mean) * Normal())));
        }

        var limit = Math.Exp(-mean);
        var product = random.NextDouble();
        var count = 0;
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }

        return count;
    }

    /// <summary>Waiting time of a Poisson process with the given rate.</summary>
    public double Exponential(double rate) => -Math.Log(1.0 - random.NextDouble()) / rate;

    /// <summary>A GUID-shaped id from this source, so UUIDs and pod uids repeat with the seed.</summary>
    public Guid NextGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    /// <summary>A dcgm-style GPU UUID, "GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx".</summary>
    public string GpuUuid() => "GPU-" + NextGuid().ToString("D");
}
