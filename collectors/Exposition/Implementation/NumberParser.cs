using System.Globalization;
using System.Text;

namespace Observability.Collectors.Exposition.Implementation;

/// <summary>
/// Number grammars of the two formats, checked byte by byte before any conversion so that exactly
/// what Prometheus (Go <c>strconv</c> without hex or <c>_</c>) and OpenMetrics (ABNF) accept passes:
/// <c>[sign] digits [. digits] [e [sign] digits]</c> (either side of the point may be empty, not both),
/// <c>[sign] Inf|Infinity</c> and unsigned <c>NaN</c>, case-insensitive.
/// </summary>
internal static partial class NumberParser
{
    private const int MaxMantissaDigits = 19;
    private const ulong MaxExactMantissa = 1UL << 53;

    // Every power of ten up to 1e22 is exact in a double, so m * 10^e and m / 10^e round once.
    // An array rather than a span literal: unoptimised code allocates a field stub on every access to one.
    private static readonly double[] PowersOf10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>A sample value in Prometheus text: Go rejects a decimal that overflows to infinity.</summary>
    public static bool TryParseTextFloat(ReadOnlySpan<byte> s, out double value) =>
        TryParseFloat(s, out value, out var overflow) && !overflow;

    /// <summary>A number in OpenMetrics: a decimal that overflows becomes ±Inf, as in the reference parser.</summary>
    public static bool TryParseOpenMetricsFloat(ReadOnlySpan<byte> s, out double value) =>
        TryParseFloat(s, out value, out _);

    public static bool TryParseFloat(ReadOnlySpan<byte> s, out double value, out bool overflow)
    {
        value = 0;
        overflow = false;
        if (s.IsEmpty)
        {
            return false;
        }

        var i = 0;
        var negative = false;
        if (s[0] is (byte)'+' or (byte)'-')
        {
            negative = s[0] == '-';
            i = 1;
            if (s.Length == 1)
            {
                return false;
            }
        }

        var lower = s[i] | 0x20;
        if (lower == 'i')
        {
            var word = s[i..];
            if (Ascii.EqualsIgnoreCase(word, "inf"u8) || Ascii.EqualsIgnoreCase(word, "infinity"u8))
            {
                value = negative ? double.NegativeInfinity : double.PositiveInfinity;
                return true;
            }

            return false;
        }

        if (lower == 'n')
        {
            // Neither Go nor the OpenMetrics ABNF accept a signed NaN.
            if (i == 0 && Ascii.EqualsIgnoreCase(s, "nan"u8))
            {
                value = double.NaN;
                return true;
            }

            return false;
        }

        if (!TryScanDecimal(s, i, out var d))
        {
            return false;
        }

        if (d.Mantissa == 0)
        {
            value = negative ? -0.0 : 0.0;
            return true;
        }

        if (!d.Truncated && d.Mantissa <= MaxExactMantissa && d.Exponent is >= -22 and <= 22)
        {
            var m = (double)d.Mantissa;
            var v = d.Exponent >= 0 ? m * PowersOf10[d.Exponent] : m / PowersOf10[-d.Exponent];
            value = negative ? -v : v;
            return true;
        }

        // Long or extreme numbers: the runtime parser rounds correctly; the grammar is already checked.
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        overflow = double.IsInfinity(value);
        return true;
    }

    /// <summary>A Prometheus text timestamp: Go <c>strconv.ParseInt(s, 10, 64)</c>.</summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (!s.IsEmpty && s[0] is (byte)'+' or (byte)'-')
        {
            negative = s[0] == '-';
            i = 1;
        }

        if (i == s.Length)
        {
            return false;
        }

        var limit = negative ? 1UL << 63 : (1UL << 63) - 1;
        ulong acc = 0;
        for (; i < s.Length; i++)
        {
            var digit = (uint)(s[i] - '0');
            if (digit > 9 || acc > (limit - digit) / 10)
            {
                return false;
            }

            acc = (acc * 10) + digit;
        }

        value = negative ? (long)(0 - acc) : (long)acc;
        return true;
    }

    private static bool TryScanDecimal(ReadOnlySpan<byte> s, int i, out DecimalScan d)
    {
        d = default;
        d.IntStart = i;
        var anyDigit = false;
        for (; i < s.Length; i++)
        {
            var digit = (uint)(s[i] - '0');
            if (digit > 9)
            {
                break;
            }

            anyDigit = true;
            d.AddIntegerDigit(digit);
        }

        d.IntEnd = i;
        d.FracStart = d.FracEnd = i;
        if (i < s.Length && s[i] == '.')
        {
            d.FracStart = ++i;
            for (; i < s.Length; i++)
            {
                var digit = (uint)(s[i] - '0');
                if (digit > 9)
                {
                    break;
                }

                anyDigit = true;
                d.AddFractionDigit(digit);
            }

            d.FracEnd = i;
        }

        if (!anyDigit)
        {
            return false;
        }

        if (i < s.Length && (s[i] | 0x20) == 'e')
        {
            d.HasExponent = true;
            i++;
            var negativeExponent = false;
            if (i < s.Length && s[i] is (byte)'+' or (byte)'-')
            {
                negativeExponent = s[i] == '-';
                i++;
            }

            var start = i;
            var exponent = 0;
            for (; i < s.Length; i++)
            {
                var digit = (uint)(s[i] - '0');
                if (digit > 9)
                {
                    break;
                }

                // Beyond this every finite mantissa over- or underflows anyway.
                exponent = Math.Min((exponent * 10) + (int)digit, 100_000);
            }

            if (i == start)
            {
                return false;
            }

            d.Exponent += negativeExponent ? -exponent : exponent;
        }

        return i == s.Length;
    }

    private struct DecimalScan
    {
        public ulong Mantissa;
        public int Digits;
        public int Exponent;
        public bool Truncated;
        public bool HasExponent;
        public int IntStart;
        public int IntEnd;
        public int FracStart;
        public int FracEnd;

        public void AddIntegerDigit(uint digit)
        {
            if (Digits < MaxMantissaDigits)
            {
                if (Mantissa != 0 || digit != 0)
                {
                    Mantissa = (Mantissa * 10) + digit;
                    Digits++;
                }
            }
            else
            {
                Exponent++;
                Truncated |= digit != 0;
            }
        }

        public void AddFractionDigit(uint digit)
        {
            if (Digits < MaxMantissaDigits)
            {
                if (Mantissa != 0 || digit != 0)
                {
                    Mantissa = (Mantissa * 10) + digit;
                    Digits++;
                }

                Exponent--;
            }
            else
            {
                Truncated |= digit != 0;
            }
        }
    }
}
