namespace Observability.Collectors.Mapping;

/// <summary>Counter arithmetic shared by every mapper, with Prometheus's reset semantics.</summary>
public static class CounterMath
{
    /// <summary>
    /// The increase from <paramref name="previous"/> to <paramref name="current"/>. NaN when there is
    /// no previous value (first scrape of a series yields no increase). A drop means the counter
    /// restarted from zero, so the increase is the whole current value.
    /// </summary>
    public static double Increase(double previous, double current)
    {
        if (double.IsNaN(previous) || double.IsNaN(current))
        {
            return double.NaN;
        }

        return current >= previous ? current - previous : current;
    }
}
