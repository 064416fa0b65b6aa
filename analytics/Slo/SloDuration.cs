using System.Globalization;

namespace Observability.Analytics.Slo;

/// <summary>Prometheus-style durations (<c>500ms</c>, <c>5m</c>, <c>1h30m</c>, <c>28d</c>, <c>1w</c>).</summary>
public static class SloDuration
{
    private static readonly (string Unit, TimeSpan Size)[] Units =
    [
        ("ms", TimeSpan.FromMilliseconds(1)), ("s", TimeSpan.FromSeconds(1)), ("m", TimeSpan.FromMinutes(1)),
        ("h", TimeSpan.FromHours(1)), ("d", TimeSpan.FromDays(1)), ("w", TimeSpan.FromDays(7)),
    ];

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var rest = text.Trim().AsSpan();
        while (!rest.IsEmpty)
        {
            var digits = 0;
            while (digits < rest.Length && (char.IsAsciiDigit(rest[digits]) || rest[digits] == '.'))
            {
                digits++;
            }

            if (digits == 0 || !double.TryParse(rest[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            rest = rest[digits..];
            // "ms" before "m": the longest unit that matches wins.
            var unitLength = 0;
            var size = TimeSpan.Zero;
            foreach (var (unit, unitSize) in Units)
            {
                if (unit.Length > unitLength && rest.StartsWith(unit, StringComparison.Ordinal))
                {
                    unitLength = unit.Length;
                    size = unitSize;
                }
            }

            if (unitLength == 0)
            {
                return false;
            }

            value += size * number;
            rest = rest[unitLength..];
        }

        return value > TimeSpan.Zero;
    }

    public static string Format(TimeSpan value)
    {
        foreach (var (unit, size) in Units.Reverse())
        {
            if (value.Ticks % size.Ticks == 0)
            {
                return (value.Ticks / size.Ticks).ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
    }
}
