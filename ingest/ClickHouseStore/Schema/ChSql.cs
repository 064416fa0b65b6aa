using System.Globalization;
using System.Text;

namespace Observability.ClickHouseStore.Schema;

/// <summary>
/// Client-side SQL text: ClickHouse 18.16 has no server-side query parameters, so every value that enters a
/// statement is escaped here. Row data never does: it travels as Native blocks (RowBinary for the ledger).
/// </summary>
internal static class ChSql
{
    /// <summary>Quotes an identifier with backticks; column names such as <c>count</c> and <c>sum</c> are function names.</summary>
    public static string Ident(string name) =>
        "`" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("`", "\\`", StringComparison.Ordinal) + "`";

    /// <summary>
    /// A string literal that stands for exactly <paramref name="value"/>: backslash and quote are escaped, and every
    /// control character is written as <c>\xHH</c>, so no value can end the literal or the statement.
    /// </summary>
    public static string Literal(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('\'');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\'': sb.Append("\\'"); break;
                case < ' ' or '\u007f': sb.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }

        return sb.Append('\'').ToString();
    }

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
