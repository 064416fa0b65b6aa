using Observability.Analytics.Cost;
using Observability.Ingest.Contract;

namespace Observability.Cost.Tests;

/// <summary>
/// Steps 1 and 2 on their own: a MIG GPU's rows are priced as one GPU whatever order the store returns them in. The
/// calculator walks ordered rows once and sorts any others first, so a shuffled hour must give the ordered answer.
/// </summary>
public sealed class GpuCostCalculatorTests
{
    private static readonly DateTime Hour = new(2026, 10, 1, 5, 0, 0, DateTimeKind.Utc);
    private static readonly PriceBook Book = PriceBookParser.Parse(TestPriceBooks.Standard);

    private static GpuHourUsage Row(string uuid, string pod, string profile = "", string instance = "", int slots = 60, string model = "NVIDIA A100-SXM4-80GB", int hourOffset = 0) =>
        new(Hour.AddHours(hourOffset), "prod", "node-1", uuid, instance, profile, model, "inference", pod, slots, 50, double.NaN);

    private static readonly GpuHourUsage[] Ordered =
    [
        Row("GPU-A", "chat-0", model: "NVIDIA H100 80GB HBM3"),
        Row("GPU-M", ""),
        Row("GPU-M", "embed-0", "3g.40gb", "1"),
        Row("GPU-M", "rerank-0", "1g.10gb", "2", slots: 30),
        Row("GPU-A", "chat-0", model: "NVIDIA H100 80GB HBM3", slots: 45, hourOffset: 1),
    ];

    [Fact]
    public void Add_RowsOfOneGpuApart_PricedAsOneGpuAsWhenOrdered()
    {
        var ordered = Price(Ordered);
        var shuffled = Price([Ordered[2], Ordered[4], Ordered[0], Ordered[3], Ordered[1]]);

        // Paper: the H100 at $4 an hour for hour 5 and for 45 minutes of hour 6; the A100 $2.10 once, its slices shared out.
        Assert.Equal(4m + 3m + 2.10m, ordered.Total);
        Assert.Equal(ordered.Total, shuffled.Total);
        Assert.Equal(15, shuffled.GapSlots);
        Assert.Equal(
            ordered.Pieces.Select(p => (p.Hour, p.Deployment?.ToString() ?? "", p.Cost)).Order(),
            shuffled.Pieces.Select(p => (p.Hour, p.Deployment?.ToString() ?? "", p.Cost)).Order());
        Assert.Equal(Money.Ledger(3m / 7m * 2.10m), shuffled.Pieces.Single(p => p.Deployment?.Name == "embed").Cost);
        Assert.Equal(Money.Ledger(1m / 7m * 2.10m * 30 / 60), shuffled.Pieces.Single(p => p.Deployment?.Name == "rerank").Cost);
    }

    private static GpuCostCalculator Price(IEnumerable<GpuHourUsage> rows)
    {
        var calculator = new GpuCostCalculator(Book, 1, TimeSpan.FromMinutes(1));
        calculator.Add(rows);
        return calculator;
    }
}
