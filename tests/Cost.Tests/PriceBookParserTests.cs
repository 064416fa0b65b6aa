using Observability.Analytics.Cost;

namespace Observability.Cost.Tests;

public sealed class PriceBookParserTests
{
    private static readonly DateTime Oct1 = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Parse_ValidBook_MapsSkusPricesAndDates()
    {
        var book = PriceBookParser.Parse(TestPriceBooks.Standard);

        Assert.Equal("H100-80GB", book.SkuOf("NVIDIA H100 80GB HBM3"));
        Assert.Null(book.SkuOf("NVIDIA L4"));
        Assert.Equal(4.00m, book.GpuPriceAt("H100-80GB", "sim", Oct1.AddHours(11))!.PerGpuHour);
        Assert.Equal(3.00m, book.GpuPriceAt("H100-80GB", "sim", Oct1.AddHours(12))!.PerGpuHour);
        Assert.Null(book.GpuPriceAt("H100-80GB", "sim", Oct1.AddHours(-1)));
        Assert.Equal(7, book.MigSlicesOf("A100-80GB"));
    }

    [Fact]
    public void Parse_OnPrem_RateIsCapexOverAmortisationHoursPlusOpex()
    {
        var book = PriceBookParser.Parse("""
            { "sku_map": { "NVIDIA A100-SXM4-80GB": "A100-80GB" },
              "gpu_prices": [ { "sku": "A100-80GB", "pricing": "on_prem", "from": "2026-01-01", "capex": "14610",
                                "amortisation_months": 20, "power_per_kwh": "0.12", "opex_per_gpu_hour": 0.05 } ] }
            """);

        var price = book.GpuPriceAt("A100-80GB", "any", Oct1)!;
        Assert.Equal(PricingModel.OnPrem, price.Pricing);
        Assert.Equal(1.05m, price.PerGpuHour); // 14,610 / (20 × 730.5 h) = 1.00, plus 0.05
        Assert.Equal(0.12m, price.PowerPerKwh);
    }

    [Fact]
    public void GpuPriceAt_ClusterSpecificEntry_WinsOverGeneralOne()
    {
        var book = PriceBookParser.Parse("""
            { "sku_map": { "NVIDIA H100 80GB HBM3": "H100-80GB" },
              "gpu_prices": [
                { "sku": "H100-80GB", "pricing": "on_demand", "from": "2026-10-01", "per_gpu_hour": 4 },
                { "sku": "H100-80GB", "pricing": "reserved", "cluster": "prod-a", "from": "2026-09-01", "per_gpu_hour": 2.5 },
                { "sku": "H100-80GB", "pricing": "spot", "cluster": "batch", "from": "2026-10-01T06:00:00Z", "per_gpu_hour": "1.2" } ] }
            """);

        Assert.Equal(2.5m, book.GpuPriceAt("H100-80GB", "prod-a", Oct1)!.PerGpuHour);
        Assert.Equal(4m, book.GpuPriceAt("H100-80GB", "batch", Oct1.AddHours(5))!.PerGpuHour);
        Assert.Equal(PricingModel.Spot, book.GpuPriceAt("H100-80GB", "batch", Oct1.AddHours(6))!.Pricing);
    }

    [Fact]
    public void Parse_ManyProblems_ReportsEveryOneWithItsPath()
    {
        var error = Assert.Throws<PriceBookException>(() => PriceBookParser.Parse("""
            {
              "sku_map": { "NVIDIA H100 80GB HBM3": "H100-80GB", "NVIDIA L4": "L4" },
              "gpu_prices": [
                { "sku": "H100-80GB", "pricing": "on_demand", "from": "2026-10-01", "per_gpu_hour": -1 },
                { "sku": "H100-80GB", "pricing": "hourly", "from": "2026-10-01" },
                { "sku": "H100-80GB", "pricing": "on_prem", "from": "2026-10-01T00:30:00Z", "capex": 1000 },
                { "sku": "H10O-80GB", "pricing": "spot", "from": "yesterday", "per_gpu_hour": 1, "colour": "red" },
                { "sku": "H100-80GB", "pricing": "spot", "from": "2026-11-01", "per_gpu_hour": 1, "capex": 5 },
              ],
              "mig_slices": { "H100-80GB": 0 },
              "token_prices": [ { "model": "gpt-4o", "from": "2026-10-01" } ],
              "currency": "EUR",
            }
            """));

        string[] expected =
        [
            "gpu_prices[0].per_gpu_hour: must be an amount of at least 0",
            "gpu_prices[1].pricing: 'hourly' is not one of on_demand, reserved, spot, on_prem",
            "gpu_prices[2].from: 2026-10-01T00:30:00Z must fall on a whole UTC hour",
            "gpu_prices[2].amortisation_months: required for on_prem",
            "gpu_prices[3].colour: unknown key",
            "gpu_prices[3].from: required, a UTC date",
            "gpu_prices[4].capex: does not apply to pricing spot",
            "mig_slices.H100-80GB: must be a whole number from 1 to 64",
            "token_prices[0].input_per_million: required",
            "token_prices[0].output_per_million: required",
            "currency: unknown key",
            "sku_map: SKU L4 has no entry in gpu_prices",
        ];
        foreach (var problem in expected)
        {
            Assert.Contains(error.Problems, p => p.StartsWith(problem, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Parse_DuplicateEffectiveDate_Rejected()
    {
        var error = Assert.Throws<PriceBookException>(() => PriceBookParser.Parse("""
            { "sku_map": { "NVIDIA H100 80GB HBM3": "H100-80GB" },
              "gpu_prices": [
                { "sku": "H100-80GB", "pricing": "on_demand", "from": "2026-10-01", "per_gpu_hour": 4 },
                { "sku": "H100-80GB", "pricing": "reserved", "from": "2026-10-01T00:00:00Z", "per_gpu_hour": 3 } ] }
            """));

        Assert.Contains(error.Problems, p => p.Contains("2 entries for sku H100-80GB", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_PricedSkuNoModelNameMapsTo_Rejected()
    {
        var error = Assert.Throws<PriceBookException>(() => PriceBookParser.Parse("""
            { "sku_map": { "NVIDIA H100 80GB HBM3": "H100-80GB" },
              "gpu_prices": [
                { "sku": "H100-80GB", "pricing": "on_demand", "from": "2026-10-01", "per_gpu_hour": 4 },
                { "sku": "H100-80G", "pricing": "on_demand", "from": "2026-10-01", "per_gpu_hour": 4 } ] }
            """));

        Assert.Equal("gpu_prices: SKU H100-80G is not the target of any sku_map entry", Assert.Single(error.Problems));
    }

    [Theory]
    [InlineData("1g.10gb", 1)]
    [InlineData("3g.40gb", 3)]
    [InlineData("7g.80gb", 7)]
    [InlineData("1g.10gb+me", 1)]
    [InlineData("1c.3g.40gb", null)]
    [InlineData("", null)]
    public void SlicesOf_ProfileName_ComputeSlices(string profile, int? slices) => Assert.Equal(slices, MigShare.SlicesOf(profile));
}
