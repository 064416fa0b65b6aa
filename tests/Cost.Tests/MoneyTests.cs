using Observability.Analytics.Cost;

namespace Observability.Cost.Tests;

public sealed class MoneyTests
{
    [Fact]
    public void Split_ThirdsOfADollar_PartsSumExactly()
    {
        var parts = Money.Split(1m, [1m, 1m, 1m]);

        Assert.Equal(1m, parts.Sum());
        Assert.Equal(0.3333333333m, parts[0]);
    }

    [Fact]
    public void Split_AllWeightsZero_AllPartsZero() => Assert.All(Money.Split(5m, [0m, 0m]), p => Assert.Equal(0m, p));

    [Fact]
    public void ToCents_LargestRemainder_LinesSumToRoundedTotal()
    {
        // The total 1.00 exceeds the floors' 0.99 by a cent, which goes to the largest discarded fraction.
        Assert.Equal([0.33m, 0.33m, 0.34m], Money.ToCents([0.3333333333m, 0.3333333333m, 0.3333333334m]));

        // Equal fractions: the earlier line gets it, so the result never depends on anything but the order given.
        Assert.Equal([0.34m, 0.33m, 0.33m], Money.ToCents([0.3333333333m, 0.3333333333m, 0.3333333333m]));
    }

    [Fact]
    public void ToCents_RandomLedgers_AlwaysReconcileAndMoveNoLineByACent()
    {
        var random = new Random(5);
        for (var trial = 0; trial < 2000; trial++)
        {
            var exact = Enumerable.Range(0, random.Next(1, 40))
                .Select(_ => Math.Round((decimal)random.NextDouble() * random.Next(1, 10_000), Money.LedgerDecimals))
                .ToArray();
            var cents = Money.ToCents(exact);

            Assert.Equal(Math.Round(exact.Sum(), 2, MidpointRounding.AwayFromZero), cents.Sum());
            for (var i = 0; i < exact.Length; i++)
            {
                Assert.True(Math.Abs(cents[i] - exact[i]) < 0.01m, $"line {i}: {exact[i]} became {cents[i]}");
                Assert.Equal(cents[i], Math.Round(cents[i], 2));
            }
        }
    }
}
