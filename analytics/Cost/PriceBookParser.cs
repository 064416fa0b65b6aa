using System.Globalization;
using System.Text.Json;

namespace Observability.Analytics.Cost;

/// <summary>
/// Reads the operator's price-book file (JSON; comments and trailing commas allowed) and reports every problem at
/// once as <c>path: reason</c>, so a whole file can be fixed in one pass. Money is read as decimal, never as double.
/// </summary>
public static class PriceBookParser
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private static readonly string[] TopKeys = ["sku_map", "gpu_prices", "mig_slices", "token_prices", "description"];
    private static readonly string[] GpuKeys = ["sku", "cluster", "pricing", "from", "per_gpu_hour", "capex", "amortisation_months", "power_per_kwh", "opex_per_gpu_hour"];
    private static readonly string[] TokenKeys = ["model", "from", "input_per_million", "output_per_million", "cached_input_per_million"];

    /// <summary>Parses <paramref name="text"/>; throws <see cref="PriceBookException"/> listing every problem.</summary>
    public static PriceBook Parse(string text)
    {
        var problems = new List<string>();
        var book = TryParse(text, problems);
        if (book is null || problems.Count > 0)
        {
            throw new PriceBookException(problems);
        }

        return book;
    }

    public static PriceBook? TryParse(string text, List<string> problems)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, Options);
        }
        catch (JsonException e)
        {
            problems.Add($"not valid JSON: {e.Message}");
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add("the price book must be a JSON object");
                return null;
            }

            RejectUnknownKeys(root, "", TopKeys, problems);
            var skuMap = ReadSkuMap(root, problems);
            var prices = ReadGpuPrices(root, problems);
            var slices = ReadMigSlices(root, problems);
            var tokens = ReadTokenPrices(root, problems);
            CrossCheck(skuMap, prices, slices, problems);
            return new PriceBook(skuMap, prices, slices, tokens);
        }
    }

    private static Dictionary<string, string> ReadSkuMap(JsonElement root, List<string> problems)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!root.TryGetProperty("sku_map", out var element) || element.ValueKind != JsonValueKind.Object)
        {
            problems.Add("sku_map: required, an object from dcgm modelName to SKU");
            return map;
        }

        foreach (var entry in element.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String || entry.Value.GetString()!.Trim().Length == 0)
            {
                problems.Add($"sku_map.{entry.Name}: must be a non-empty SKU name");
                continue;
            }

            map[entry.Name] = entry.Value.GetString()!.Trim();
        }

        return map;
    }

    private static List<GpuPrice> ReadGpuPrices(JsonElement root, List<string> problems)
    {
        var prices = new List<GpuPrice>();
        if (!root.TryGetProperty("gpu_prices", out var element) || element.ValueKind != JsonValueKind.Array)
        {
            problems.Add("gpu_prices: required, an array of prices");
            return prices;
        }

        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            var path = $"gpu_prices[{i++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{path}: must be an object");
                continue;
            }

            var before = problems.Count;
            RejectUnknownKeys(item, path, GpuKeys, problems);
            var sku = RequiredString(item, path, "sku", problems);
            var cluster = OptionalString(item, path, "cluster", problems);
            var from = RequiredDate(item, path, problems);
            var pricing = ReadPricing(item, path, problems);
            decimal rate = 0;
            decimal power = 0;
            if (pricing == PricingModel.OnPrem)
            {
                var capex = RequiredMoney(item, path, "capex", problems);
                var months = item.TryGetProperty("amortisation_months", out var m) && m.ValueKind == JsonValueKind.Number && m.TryGetInt32(out var mo) && mo > 0 ? mo : 0;
                if (months == 0)
                {
                    problems.Add($"{path}.amortisation_months: required for on_prem, a whole number of months above 0");
                }

                power = OptionalMoney(item, path, "power_per_kwh", problems);
                var opex = OptionalMoney(item, path, "opex_per_gpu_hour", problems);
                rate = months > 0 ? (capex / (months * GpuPrice.HoursPerMonth)) + opex : 0;
                RejectFields(item, path, ["per_gpu_hour"], "on_prem", problems);
            }
            else if (pricing is not null)
            {
                rate = RequiredMoney(item, path, "per_gpu_hour", problems);
                RejectFields(item, path, ["capex", "amortisation_months", "power_per_kwh", "opex_per_gpu_hour"], Name(pricing.Value), problems);
            }

            if (problems.Count == before)
            {
                prices.Add(new GpuPrice(sku!, cluster, pricing!.Value, from!.Value, rate, power));
            }
        }

        foreach (var duplicate in prices.GroupBy(p => (p.Sku, p.Cluster, p.From)).Where(g => g.Count() > 1))
        {
            problems.Add($"gpu_prices: {duplicate.Count()} entries for sku {duplicate.Key.Sku}{(duplicate.Key.Cluster.Length > 0 ? $" on cluster {duplicate.Key.Cluster}" : "")} from {duplicate.Key.From:yyyy-MM-ddTHH:mm:ssZ}; keep one");
        }

        return prices;
    }

    private static Dictionary<string, int> ReadMigSlices(JsonElement root, List<string> problems)
    {
        var slices = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!root.TryGetProperty("mig_slices", out var element))
        {
            return slices;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add("mig_slices: must be an object from SKU to its number of compute slices");
            return slices;
        }

        foreach (var entry in element.EnumerateObject())
        {
            if (entry.Value.ValueKind == JsonValueKind.Number && entry.Value.TryGetInt32(out var n) && n is >= 1 and <= 64)
            {
                slices[entry.Name] = n;
            }
            else
            {
                problems.Add($"mig_slices.{entry.Name}: must be a whole number from 1 to 64");
            }
        }

        return slices;
    }

    private static List<TokenPrice> ReadTokenPrices(JsonElement root, List<string> problems)
    {
        var prices = new List<TokenPrice>();
        if (!root.TryGetProperty("token_prices", out var element))
        {
            return prices;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            problems.Add("token_prices: must be an array");
            return prices;
        }

        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            var path = $"token_prices[{i++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{path}: must be an object");
                continue;
            }

            var before = problems.Count;
            RejectUnknownKeys(item, path, TokenKeys, problems);
            var model = RequiredString(item, path, "model", problems);
            var from = RequiredDate(item, path, problems);
            var input = RequiredMoney(item, path, "input_per_million", problems);
            var output = RequiredMoney(item, path, "output_per_million", problems);
            var cached = item.TryGetProperty("cached_input_per_million", out _) ? OptionalMoney(item, path, "cached_input_per_million", problems) : input;
            if (problems.Count == before)
            {
                prices.Add(new TokenPrice(model!, from!.Value, input, output, cached));
            }
        }

        foreach (var duplicate in prices.GroupBy(p => (p.Model, p.From)).Where(g => g.Count() > 1))
        {
            problems.Add($"token_prices: {duplicate.Count()} entries for model {duplicate.Key.Model} from {duplicate.Key.From:yyyy-MM-ddTHH:mm:ssZ}; keep one");
        }

        return prices;
    }

    /// <summary>A typo in a SKU would leave GPUs unpriced for a month; both directions of the mapping must meet.</summary>
    private static void CrossCheck(Dictionary<string, string> skuMap, List<GpuPrice> prices, Dictionary<string, int> slices, List<string> problems)
    {
        var priced = prices.Select(p => p.Sku).ToHashSet(StringComparer.Ordinal);
        var mapped = skuMap.Values.ToHashSet(StringComparer.Ordinal);
        foreach (var sku in mapped.Where(s => !priced.Contains(s)).Order(StringComparer.Ordinal))
        {
            problems.Add($"sku_map: SKU {sku} has no entry in gpu_prices");
        }

        foreach (var sku in priced.Where(s => !mapped.Contains(s)).Order(StringComparer.Ordinal))
        {
            problems.Add($"gpu_prices: SKU {sku} is not the target of any sku_map entry");
        }

        foreach (var sku in slices.Keys.Where(s => !mapped.Contains(s)).Order(StringComparer.Ordinal))
        {
            problems.Add($"mig_slices: SKU {sku} is not the target of any sku_map entry");
        }
    }

    private static PricingModel? ReadPricing(JsonElement item, string path, List<string> problems)
    {
        var name = RequiredString(item, path, "pricing", problems);
        PricingModel? pricing = name switch
        {
            null => null,
            "on_demand" => PricingModel.OnDemand,
            "reserved" => PricingModel.Reserved,
            "spot" => PricingModel.Spot,
            "on_prem" => PricingModel.OnPrem,
            _ => null,
        };
        if (name is not null && pricing is null)
        {
            problems.Add($"{path}.pricing: '{name}' is not one of on_demand, reserved, spot, on_prem");
        }

        return pricing;
    }

    public static string Name(PricingModel pricing) => pricing switch
    {
        PricingModel.OnDemand => "on_demand",
        PricingModel.Reserved => "reserved",
        PricingModel.Spot => "spot",
        _ => "on_prem",
    };

    private static void RejectUnknownKeys(JsonElement element, string path, string[] known, List<string> problems)
    {
        foreach (var property in element.EnumerateObject().Where(p => !known.Contains(p.Name, StringComparer.Ordinal)))
        {
            problems.Add($"{Join(path, property.Name)}: unknown key (known: {string.Join(", ", known)})");
        }
    }

    private static void RejectFields(JsonElement item, string path, string[] fields, string pricing, List<string> problems)
    {
        foreach (var field in fields.Where(f => item.TryGetProperty(f, out _)))
        {
            problems.Add($"{path}.{field}: does not apply to pricing {pricing}");
        }
    }

    private static string? RequiredString(JsonElement item, string path, string key, List<string> problems)
    {
        if (item.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Trim().Length > 0)
        {
            return value.GetString()!.Trim();
        }

        problems.Add($"{path}.{key}: required, a non-empty string");
        return null;
    }

    private static string OptionalString(JsonElement item, string path, string key, List<string> problems)
    {
        if (!item.TryGetProperty(key, out var value))
        {
            return string.Empty;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!.Trim();
        }

        problems.Add($"{path}.{key}: must be a string");
        return string.Empty;
    }

    private static DateTime? RequiredDate(JsonElement item, string path, List<string> problems)
    {
        if (item.TryGetProperty("from", out var value) && value.ValueKind == JsonValueKind.String &&
            DateTime.TryParseExact(
                value.GetString(),
                ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mmZ"],
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out var from))
        {
            if (from.Ticks % TimeSpan.TicksPerHour == 0)
            {
                return from;
            }

            problems.Add($"{path}.from: {value.GetString()} must fall on a whole UTC hour, the allocation's grain");
            return null;
        }

        problems.Add($"{path}.from: required, a UTC date 'YYYY-MM-DD' or time 'YYYY-MM-DDTHH:MM:SSZ'");
        return null;
    }

    private static decimal RequiredMoney(JsonElement item, string path, string key, List<string> problems)
    {
        if (!item.TryGetProperty(key, out _))
        {
            problems.Add($"{path}.{key}: required, an amount in dollars (number or string, e.g. \"4.10\")");
            return 0;
        }

        return OptionalMoney(item, path, key, problems);
    }

    private static decimal OptionalMoney(JsonElement item, string path, string key, List<string> problems)
    {
        if (!item.TryGetProperty(key, out var value))
        {
            return 0;
        }

        decimal amount;
        var ok = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDecimal(out amount),
            JsonValueKind.String => decimal.TryParse(value.GetString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount),
            _ => (amount = 0) != 0,
        };
        if (!ok || amount < 0)
        {
            problems.Add($"{path}.{key}: must be an amount of at least 0, got {value.GetRawText()}");
            return 0;
        }

        return amount;
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}

/// <summary>A price book with problems; <see cref="Problems"/> lists every one as <c>path: reason</c>.</summary>
public sealed class PriceBookException(IReadOnlyList<string> problems)
    : Exception("invalid price book: " + string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
