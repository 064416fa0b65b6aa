using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Observability.ClickHouseStore.Reading;

/// <summary>
/// A <c>TabSeparatedWithNamesAndTypes</c> result read field by field: a header of names, a header of types, then one
/// line per row. Strings are unescaped exactly (<c>\0 \b \f \n \r \t \' \\</c>), <c>\N</c> is NULL, floats are
/// ClickHouse's shortest round-trip text (<c>inf</c>, <c>-inf</c>, <c>nan</c> included), arrays are <c>[a,b]</c>.
/// </summary>
internal sealed class TsvResult
{
    private static readonly UTF8Encoding Utf8 = new(false, false);
    private readonly byte[] _body;
    private int _position;
    private int _lineEnd;

    public TsvResult(byte[] body)
    {
        _body = body;
        Names = ReadHeader();
        Types = ReadHeader();
    }

    public IReadOnlyList<string> Names { get; }

    public IReadOnlyList<string> Types { get; }

    /// <summary>Throws when the server's columns are not the expected ones: a schema drift must not skew values.</summary>
    public TsvResult Expect(IReadOnlyList<string> names)
    {
        if (!Names.SequenceEqual(names, StringComparer.Ordinal))
        {
            throw new InvalidOperationException(
                $"ClickHouse returned columns [{string.Join(", ", Names)}], expected [{string.Join(", ", names)}]");
        }

        return this;
    }

    /// <summary>Moves to the next row; false at the end of the body.</summary>
    public bool NextRow()
    {
        _position = _lineEnd + 1;
        if (_position >= _body.Length)
        {
            return false;
        }

        var end = Array.IndexOf(_body, (byte)'\n', _position);
        _lineEnd = end < 0 ? _body.Length : end;
        return true;
    }

    public string String()
    {
        var field = NextField();
        if (field.IndexOf((byte)'\\') < 0)
        {
            return Utf8.GetString(field);
        }

        var unescaped = new byte[field.Length];
        var n = 0;
        for (var i = 0; i < field.Length; i++)
        {
            var b = field[i];
            if (b != '\\' || i + 1 == field.Length)
            {
                unescaped[n++] = b;
                continue;
            }

            b = field[++i];
            unescaped[n++] = b switch
            {
                (byte)'0' => 0,
                (byte)'b' => 8,
                (byte)'f' => 12,
                (byte)'n' => 10,
                (byte)'r' => 13,
                (byte)'t' => 9,
                _ => b,
            };
        }

        return Utf8.GetString(unescaped, 0, n);
    }

    /// <summary>A Nullable(Float64) or Float64; NULL is read as NaN, the domain's "absent".</summary>
    public double Double()
    {
        var field = NextField();
        return IsNull(field) ? double.NaN : ParseDouble(field);
    }

    public long Int64() => ParseInt64(NextField());

    public long? NullableInt64()
    {
        var field = NextField();
        return IsNull(field) ? null : ParseInt64(field);
    }

    public double[] DoubleArray()
    {
        var field = NextField();
        if (field.Length < 2 || field[0] != '[' || field[^1] != ']')
        {
            throw Malformed("array", field);
        }

        var inner = field[1..^1];
        if (inner.IsEmpty)
        {
            return [];
        }

        var values = new List<double>();
        foreach (var range in inner.Split((byte)','))
        {
            values.Add(ParseDouble(inner[range]));
        }

        return [.. values];
    }

    private static bool IsNull(ReadOnlySpan<byte> field) => field.Length == 2 && field[0] == '\\' && field[1] == 'N';

    private static double ParseDouble(ReadOnlySpan<byte> field)
    {
        if (field.SequenceEqual("inf"u8) || field.SequenceEqual("+inf"u8))
        {
            return double.PositiveInfinity;
        }

        if (field.SequenceEqual("-inf"u8))
        {
            return double.NegativeInfinity;
        }

        if (field.SequenceEqual("nan"u8) || field.SequenceEqual("-nan"u8))
        {
            return double.NaN;
        }

        return double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw Malformed("number", field);
    }

    private static long ParseInt64(ReadOnlySpan<byte> field) =>
        Utf8Parser.TryParse(field, out long value, out var consumed) && consumed == field.Length ? value : throw Malformed("integer", field);

    private static FormatException Malformed(string what, ReadOnlySpan<byte> field) =>
        new($"ClickHouse returned a malformed {what}: '{Encoding.UTF8.GetString(field)}'");

    private ReadOnlySpan<byte> NextField()
    {
        if (_position > _lineEnd)
        {
            throw new FormatException("ClickHouse returned fewer fields in a row than the query selects");
        }

        var line = _body.AsSpan(_position, _lineEnd - _position);
        var tab = line.IndexOf((byte)'\t');
        var field = tab < 0 ? line : line[..tab];
        _position += field.Length + 1;
        return field;
    }

    private string[] ReadHeader()
    {
        var end = Array.IndexOf(_body, (byte)'\n', _position);
        if (end < 0)
        {
            throw new FormatException("ClickHouse returned a result without its header lines");
        }

        var line = Utf8.GetString(_body, _position, end - _position);
        _position = end + 1;
        _lineEnd = end;
        return line.Split('\t');
    }
}
