using System.Buffers;
using System.Globalization;
using System.Text;

namespace Observability.Collectors.Exposition.Implementation;

/// <summary>Renders exposition bytes for error messages (failure path only, so allocating here is fine).</summary>
internal static class ErrorText
{
    private const int MaxShown = 80;

    /// <summary>The bytes as a double-quoted string with control and invalid bytes escaped, cut after 80 characters.</summary>
    public static string Quote(ReadOnlySpan<byte> s)
    {
        var sb = new StringBuilder(Math.Min(s.Length, MaxShown) + 8);
        sb.Append('"');
        var i = 0;
        while (i < s.Length)
        {
            if (sb.Length > MaxShown)
            {
                sb.Append("\"[+").Append((s.Length - i).ToString(CultureInfo.InvariantCulture)).Append(" bytes]");
                return sb.ToString();
            }

            var b = s[i];
            if (b < 0x80)
            {
                AppendAscii(sb, b);
                i++;
                continue;
            }

            if (Rune.DecodeFromUtf8(s[i..], out var rune, out var consumed) == OperationStatus.Done)
            {
                sb.Append(rune.ToString());
                i += consumed;
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
                i++;
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>One byte as found in the input, e.g. <c>'+'</c> or <c>end of line</c>.</summary>
    public static string Found(ReadOnlySpan<byte> s, int i, int end) => i >= end ? "end of line" : Found(s[i]);

    public static string Found(byte b)
    {
        if (b == '\n')
        {
            return "end of line";
        }

        var sb = new StringBuilder(8).Append('\'');
        if (b == '\'')
        {
            sb.Append("\\'");
        }
        else if (b >= 0x80)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
        }
        else
        {
            AppendAscii(sb, b);
        }

        return sb.Append('\'').ToString();
    }

    private static void AppendAscii(StringBuilder sb, byte b)
    {
        switch (b)
        {
            case (byte)'"': sb.Append("\\\""); break;
            case (byte)'\\': sb.Append("\\\\"); break;
            case (byte)'\n': sb.Append("\\n"); break;
            case (byte)'\r': sb.Append("\\r"); break;
            case (byte)'\t': sb.Append("\\t"); break;
            case < 0x20 or 0x7F: sb.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}"); break;
            default: sb.Append((char)b); break;
        }
    }
}
