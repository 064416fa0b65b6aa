namespace Observability.Cost.Tests;

/// <summary>Price books the tests share: the H100 drops from $4 to $3 an hour at noon on 1 October.</summary>
internal static class TestPriceBooks
{
    public const string Standard = """
        {
          // Cloud H100s with a mid-day price change; on-prem A100s.
          "sku_map": { "NVIDIA H100 80GB HBM3": "H100-80GB", "NVIDIA A100-SXM4-80GB": "A100-80GB" },
          "gpu_prices": [
            { "sku": "H100-80GB", "pricing": "on_demand", "from": "2026-10-01", "per_gpu_hour": "4.00" },
            { "sku": "H100-80GB", "pricing": "reserved", "from": "2026-10-01T12:00:00Z", "per_gpu_hour": "3.00" },
            { "sku": "A100-80GB", "pricing": "on_demand", "from": "2026-10-01", "per_gpu_hour": "2.10" },
          ],
          "mig_slices": { "A100-80GB": 7 },
          "token_prices": [
            { "model": "gpt-4o", "from": "2026-10-01", "input_per_million": 2.5, "output_per_million": 10, "cached_input_per_million": 1.25 },
          ],
        }
        """;
}
