using Observability.Analytics.Slo;

namespace Observability.Slo.Tests;

/// <summary>Thresholds are budget fraction × period ÷ long window, as the SRE workbook derives them.</summary>
public sealed class BurnRateFactorTests
{
    [Theory]
    [InlineData(30, 0, 14.4)] // 2 % of 720 h in 1 h
    [InlineData(30, 1, 6.0)] // 5 % of 720 h in 6 h
    [InlineData(30, 2, 3.0)] // 10 % of 720 h in 24 h
    [InlineData(30, 3, 1.0)] // 10 % of 720 h in 72 h
    [InlineData(28, 0, 13.44)] // 2 % of 672 h in 1 h
    [InlineData(28, 1, 5.6)] // 5 % of 672 h in 6 h
    [InlineData(28, 2, 2.8)] // 10 % of 672 h in 24 h
    [InlineData(28, 3, 0.9333333333333333)] // 10 % of 672 h in 72 h
    public void Factor_DefaultTable_MatchesWorkedNumbers(int days, int row, double expected)
    {
        var factor = BurnRateTable.Default[row].Factor(TimeSpan.FromDays(days));

        Assert.Equal(expected, factor, 1e-9);
    }

    [Fact]
    public void Factor_CalendarMonth_UsesThatMonthsLength()
    {
        var window = new SloWindowSpec(null, TimeZoneInfo.Utc);
        var february = SloWindow.Period(window, new DateTime(2026, 2, 10, 0, 0, 0, DateTimeKind.Utc));
        var october = SloWindow.Period(window, new DateTime(2026, 10, 10, 0, 0, 0, DateTimeKind.Utc));

        Assert.Equal(TimeSpan.FromDays(28), february);
        Assert.Equal(0.02 * 672, BurnRateTable.Default[0].Factor(february), 1e-9);
        Assert.Equal(0.02 * 744, BurnRateTable.Default[0].Factor(october), 1e-9);
    }

    [Fact]
    public void Month_InZoneWithDaylightSaving_IsOneHourLongerInOctober()
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var (start, end) = SloWindow.MonthOf(paris, 2026, 10);

        Assert.Equal(new DateTime(2026, 9, 30, 22, 0, 0, DateTimeKind.Utc), start);
        Assert.Equal(new DateTime(2026, 10, 31, 23, 0, 0, DateTimeKind.Utc), end);
        Assert.Equal(TimeSpan.FromDays(31) + TimeSpan.FromHours(1), end - start);
    }

    [Theory]
    [InlineData(1_000_000, 998_000, 0.995, 0.4, 0.6)] // 0.2 % errors of a 0.5 % budget
    [InlineData(10_000, 9_900, 0.999, 10.0, -9.0)] // 1 % errors of a 0.1 % budget: overspent ninefold
    [InlineData(0, 0, 0.99, double.NaN, 1.0)] // nothing happened, nothing spent
    public void BurnRateAndBudget_WorkedNumbers(double total, double good, double objective, double burn, double remaining)
    {
        Assert.Equal(burn, SloMath.BurnRate(total, good, objective), 1e-9);
        Assert.Equal(remaining, SloMath.BudgetRemaining(total, good, objective), 1e-9);
    }

    [Fact]
    public void SliceBudgetRemaining_30DaysOfMinutes_WorkedNumbers()
    {
        // 43,200 one-minute slices in 30 days; a 99.9 % objective allows 43.2 bad slices; 10 bad leave 76.85 %.
        Assert.Equal(1 - (10 / 43.2), SloMath.SliceBudgetRemaining(10, 43_200, 0.999), 1e-9);
    }
}
