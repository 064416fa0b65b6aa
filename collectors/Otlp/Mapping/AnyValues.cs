using System.Globalization;
using Observability.Collectors.Otlp.Protocol;

namespace Observability.Collectors.Otlp.Mapping;

/// <summary>Reads OTLP attribute values the way the mappers need them.</summary>
internal static class AnyValues
{
    /// <summary>The value as text; an array (e.g. an <c>http.request.header.*</c> attribute) gives its first element.</summary>
    public static string? AsString(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.ArrayValue => value.ArrayValue.Values.Count > 0 ? AsString(value.ArrayValue.Values[0]) : null,
        _ => null,
    };

    /// <summary>A number from an int or double value; false for any other type.</summary>
    public static bool TryGetNumber(AnyValue? value, out double number)
    {
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.IntValue:
                number = value.IntValue;
                return true;
            case AnyValue.ValueOneofCase.DoubleValue:
                number = value.DoubleValue;
                return true;
            default:
                number = double.NaN;
                return false;
        }
    }
}
