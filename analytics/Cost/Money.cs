namespace Observability.Analytics.Cost;

/// <summary>
/// The two roundings of cost attribution. The ledger keeps 10 decimal places (a GPU-second of a $100/h GPU is
/// $0.0277…, so 10 places hold any split of it to well under a millionth of a cent); amounts are rounded to cents
/// exactly once, when a report is made, by <see cref="ToCents"/>.
/// </summary>
public static class Money
{
    public const int LedgerDecimals = 10;

    public static decimal Ledger(decimal amount) => Math.Round(amount, LedgerDecimals, MidpointRounding.ToEven);

    /// <summary>
    /// Splits <paramref name="total"/> over <paramref name="weights"/> at ledger precision so that the parts sum to
    /// the total exactly: every part but the last is rounded, the last takes what remains. With all weights zero,
    /// every part is zero and the caller must place the total elsewhere.
    /// </summary>
    public static decimal[] Split(decimal total, IReadOnlyList<decimal> weights)
    {
        var parts = new decimal[weights.Count];
        var sum = weights.Sum();
        if (sum <= 0 || parts.Length == 0)
        {
            return parts;
        }

        var given = 0m;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            parts[i] = Ledger(total * (weights[i] / sum));
            given += parts[i];
        }

        parts[^1] = total - given;
        return parts;
    }

    /// <summary>
    /// The residual rule. The report's total is the exact total rounded half away from zero to the cent; every line
    /// is first rounded down to the cent, and the cents still missing go one each to the lines with the largest
    /// discarded fractions (ties: the earlier line in the report's order). So the printed lines always add up to the
    /// printed total, and no line moves by a cent or more from its exact amount.
    /// </summary>
    public static decimal[] ToCents(IReadOnlyList<decimal> exact) =>
        Apportion(exact, Math.Round(exact.Sum(), 2, MidpointRounding.AwayFromZero));

    /// <summary>
    /// The same rule towards a total fixed elsewhere (a detail file's days add up to their summary line's cents),
    /// which must lie within a cent per line of the exact sum.
    /// </summary>
    public static decimal[] Apportion(IReadOnlyList<decimal> exact, decimal total)
    {
        var rounded = new decimal[exact.Count];
        var remainders = new (decimal Fraction, int Index)[exact.Count];
        for (var i = 0; i < exact.Count; i++)
        {
            rounded[i] = Math.Floor(exact[i] * 100m) / 100m;
            remainders[i] = (exact[i] - rounded[i], i);
        }

        var missingCents = (int)((total - rounded.Sum()) * 100m);
        var order = remainders.OrderByDescending(r => r.Fraction).ThenBy(r => r.Index).ToArray();
        for (var k = 0; k < missingCents; k++)
        {
            rounded[order[k % order.Length].Index] += 0.01m;
        }

        return rounded;
    }
}
