namespace Observability.Analytics.Slo;

/// <summary>Where an SLO's budget window lies at an instant, and how long its period is (what burn-rate factors divide).</summary>
public static class SloWindow
{
    /// <summary>The budget window up to <paramref name="now"/>: the last rolling span, or the calendar month so far in the SLO's zone.</summary>
    public static (DateTime From, DateTime To) BudgetRange(SloWindowSpec window, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Rolling is { } rolling)
        {
            return (now - rolling, now);
        }

        var (start, _) = Month(window.TimeZone!, now);
        return (start, now);
    }

    /// <summary>The full period: the rolling span, or the length of the calendar month containing <paramref name="now"/> (28 to 31 days, DST included).</summary>
    public static TimeSpan Period(SloWindowSpec window, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Rolling is { } rolling)
        {
            return rolling;
        }

        var (start, end) = Month(window.TimeZone!, now);
        return end - start;
    }

    /// <summary>The UTC bounds of the month (in <paramref name="zone"/>) that contains the UTC instant.</summary>
    public static (DateTime Start, DateTime End) Month(TimeZoneInfo zone, DateTime utc)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
        return MonthOf(zone, local.Year, local.Month);
    }

    /// <summary>The UTC bounds of a given month in <paramref name="zone"/>.</summary>
    public static (DateTime Start, DateTime End) MonthOf(TimeZoneInfo zone, int year, int month)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var first = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var next = first.AddMonths(1);
        return (TimeZoneInfo.ConvertTimeToUtc(first, zone), TimeZoneInfo.ConvertTimeToUtc(next, zone));
    }
}
