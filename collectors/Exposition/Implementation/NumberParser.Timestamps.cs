namespace Observability.Collectors.Exposition.Implementation;

/// <summary>OpenMetrics timestamps: decimal seconds, kept as nanoseconds for ordering checks and handed out as milliseconds.</summary>
internal static partial class NumberParser
{
    private static readonly Int128 MaxSeconds = (Int128)1e29;

    /// <summary>
    /// An OpenMetrics timestamp (seconds, ABNF realnumber) as nanoseconds. Like the reference parser,
    /// fractions beyond nanoseconds are truncated; integer seconds beyond 10^29 saturate.
    /// </summary>
    public static bool TryParseOpenMetricsTimestamp(ReadOnlySpan<byte> s, out Int128 nanos)
    {
        nanos = 0;
        var i = 0;
        var negative = false;
        if (!s.IsEmpty && s[0] is (byte)'+' or (byte)'-')
        {
            negative = s[0] == '-';
            i = 1;
        }

        if (!TryScanDecimal(s, i, out var d))
        {
            return false;
        }

        if (d.HasExponent)
        {
            if (!TryParseFloat(s, out var seconds, out _) || !double.IsFinite(seconds))
            {
                return false;
            }

            nanos = SaturatingNanos(seconds * 1e9);
            return true;
        }

        var intDigits = s[d.IntStart..d.IntEnd].TrimStart((byte)'0');
        Int128 secs = 0;
        if (intDigits.Length > 29)
        {
            secs = MaxSeconds;
        }
        else
        {
            foreach (var b in intDigits)
            {
                secs = (secs * 10) + (b - '0');
            }
        }

        var frac = s[d.FracStart..d.FracEnd];
        long fracNanos = 0;
        for (var k = 0; k < 9; k++)
        {
            fracNanos = (fracNanos * 10) + (k < frac.Length ? frac[k] - '0' : 0);
        }

        nanos = (secs * 1_000_000_000) + fracNanos;
        if (negative)
        {
            nanos = -nanos;
        }

        return true;
    }

    /// <summary>Milliseconds from nanoseconds, truncated toward zero and saturated to the range of <see cref="long"/>.</summary>
    public static long NanosToMillis(Int128 nanos) =>
        (long)Int128.Clamp(nanos / 1_000_000, long.MinValue, long.MaxValue);

    private static Int128 SaturatingNanos(double nanos)
    {
        const double Bound = 1e38;
        return nanos >= Bound ? (Int128)Bound : nanos <= -Bound ? -(Int128)Bound : (Int128)nanos;
    }
}
