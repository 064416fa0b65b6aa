namespace Observability.Analytics.Cost;

/// <summary>How a GPU is paid for. Every model resolves to a rate per GPU-hour; on-prem adds metered power.</summary>
public enum PricingModel
{
    OnDemand,
    Reserved,
    Spot,

    /// <summary>Capital cost spread evenly over the amortisation months, plus power at $/kWh from the energy counter.</summary>
    OnPrem,
}

/// <summary>
/// A price for one SKU from a date on (until the next entry for the same SKU and cluster). <see cref="Cluster"/>
/// empty means any cluster; a cluster-specific entry wins over a general one.
/// </summary>
public sealed record GpuPrice(string Sku, string Cluster, PricingModel Pricing, DateTime From, decimal PerGpuHour, decimal PowerPerKwh)
{
    /// <summary>Hours in an average month (365.25 × 24 / 12): the divisor that turns a monthly amortisation into an hourly rate.</summary>
    public const decimal HoursPerMonth = 730.5m;
}

/// <summary>A pass-through price for a third-party API model, per million tokens.</summary>
public sealed record TokenPrice(string Model, DateTime From, decimal InputPerMillion, decimal OutputPerMillion, decimal CachedInputPerMillion);

/// <summary>
/// The parsed price book: SKU names for dcgm <c>modelName</c>s, GPU prices with effective dates, MIG slice counts and
/// token prices. Immutable; <see cref="PriceBookParser"/> builds it and reports every problem of a file at once.
/// </summary>
public sealed class PriceBook
{
    /// <summary>Compute slices of a MIG-capable GPU when the book does not say: A100 and H100 have seven.</summary>
    public const int DefaultMigSlices = 7;

    private readonly IReadOnlyDictionary<string, string> _skuByModelName;
    private readonly IReadOnlyDictionary<string, int> _migSlices;
    private readonly ILookup<string, GpuPrice> _pricesBySku;
    private readonly ILookup<string, TokenPrice> _tokenPricesByModel;

    public PriceBook(
        IReadOnlyDictionary<string, string> skuByModelName,
        IReadOnlyList<GpuPrice> gpuPrices,
        IReadOnlyDictionary<string, int> migSlices,
        IReadOnlyList<TokenPrice> tokenPrices)
    {
        _skuByModelName = skuByModelName;
        GpuPrices = gpuPrices;
        _migSlices = migSlices;
        TokenPrices = tokenPrices;
        _pricesBySku = gpuPrices.ToLookup(p => p.Sku, StringComparer.Ordinal);
        _tokenPricesByModel = tokenPrices.ToLookup(p => p.Model, StringComparer.Ordinal);
    }

    public IReadOnlyList<GpuPrice> GpuPrices { get; }

    public IReadOnlyList<TokenPrice> TokenPrices { get; }

    /// <summary>The SKU of a dcgm <c>modelName</c>, or null when the book does not map it (the GPU is then unpriced, and reported).</summary>
    public string? SkuOf(string modelName) => _skuByModelName.TryGetValue(modelName, out var sku) ? sku : null;

    public int MigSlicesOf(string sku) => _migSlices.TryGetValue(sku, out var n) ? n : DefaultMigSlices;

    /// <summary>The price in force for <paramref name="sku"/> on <paramref name="cluster"/> at <paramref name="at"/>, or null before the first entry.</summary>
    public GpuPrice? GpuPriceAt(string sku, string cluster, DateTime at)
    {
        GpuPrice? general = null;
        GpuPrice? specific = null;
        foreach (var price in _pricesBySku[sku])
        {
            if (price.From > at)
            {
                continue;
            }

            if (price.Cluster.Length == 0)
            {
                general = general is null || price.From > general.From ? price : general;
            }
            else if (string.Equals(price.Cluster, cluster, StringComparison.Ordinal))
            {
                specific = specific is null || price.From > specific.From ? price : specific;
            }
        }

        return specific ?? general;
    }

    public TokenPrice? TokenPriceAt(string model, DateTime at) =>
        _tokenPricesByModel[model].Where(p => p.From <= at).MaxBy(p => p.From);
}
