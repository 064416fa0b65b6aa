using System.Buffers.Text;
using System.Globalization;

namespace Observability.Simulator.Implementation.Rendering;

/// <summary>
/// Number formats of the three exporters, byte for byte: Go's %d and %f (dcgm-exporter),
/// Python prometheus_client's floatToGoString (vLLM: "27453.0", "1.234567e+06"), and
/// prometheus-cpp's shortest form (Triton: "161", "0.4875").
/// </summary>
internal static class PromFormat
{
    public const int MaxLength = 40;

    public static int WriteInt(long value, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(value, destination, out var written);
        return written;
    }

    /// <summary>Go's %f: six decimals, as dcgm-exporter prints float fields (409.692000).</summary>
    public static int WriteFixed6(double value, Span<byte> destination)
    {
        value.TryFormat(destination, out var written, "F6", CultureInfo.InvariantCulture);
        return written;
    }

    /// <summary>Shortest round-trip form with a lower-case exponent, as prometheus-cpp writes doubles.</summary>
    public static int WriteShortest(double value, Span<byte> destination)
    {
        if (!double.IsFinite(value))
        {
            return WriteNonFinite(value, destination);
        }

        value.TryFormat(destination, out var written, "R", CultureInfo.InvariantCulture);
        LowerExponent(destination[..written]);
        return written;
    }

    /// <summary>
    /// Python's repr(float) followed by prometheus_client's floatToGoString: integral values keep
    /// ".0", and a positive value with more than six digits before the point becomes
    /// "&lt;mantissa&gt;e+0&lt;exponent&gt;" (e.g. 1234567.0 → "1.234567e+06", 1.2e13 → "1.2e+013").
    /// </summary>
    public static int WritePython(double value, Span<byte> destination)
    {
        if (!double.IsFinite(value))
        {
            return WriteNonFinite(value, destination);
        }

        Span<byte> repr = stackalloc byte[MaxLength];
        value.TryFormat(repr, out var n, "R", CultureInfo.InvariantCulture);
        LowerExponent(repr[..n]);
        if (repr[..n].IndexOfAny((byte)'.', (byte)'e') < 0)
        {
            repr[n++] = (byte)'.';
            repr[n++] = (byte)'0';
        }

        var dot = repr[..n].IndexOf((byte)'.');
        if (value <= 0 || dot <= 6)
        {
            repr[..n].CopyTo(destination);
            return n;
        }

        // mantissa = s[0] + "." + s[1:dot] + s[dot+1:], then rstrip("0.").
        var m = 0;
        destination[m++] = repr[0];
        destination[m++] = (byte)'.';
        repr[1..dot].CopyTo(destination[m..]);
        m += dot - 1;
        repr[(dot + 1)..n].CopyTo(destination[m..]);
        m += n - dot - 1;
        while (m > 0 && (destination[m - 1] == (byte)'0' || destination[m - 1] == (byte)'.'))
        {
            m--;
        }

        "e+0"u8.CopyTo(destination[m..]);
        m += 3;
        Utf8Formatter.TryFormat(dot - 1, destination[m..], out var expLength);
        return m + expLength;
    }

    public static string Python(double value)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        return System.Text.Encoding.ASCII.GetString(buffer[..WritePython(value, buffer)]);
    }

    public static string Shortest(double value)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        return System.Text.Encoding.ASCII.GetString(buffer[..WriteShortest(value, buffer)]);
    }

    private static int WriteNonFinite(double value, Span<byte> destination)
    {
        var text = double.IsNaN(value) ? "NaN"u8 : value > 0 ? "+Inf"u8 : "-Inf"u8;
        text.CopyTo(destination);
        return text.Length;
    }

    private static void LowerExponent(Span<byte> text)
    {
        var e = text.IndexOf((byte)'E');
        if (e >= 0)
        {
            text[e] = (byte)'e';
        }
    }
}
