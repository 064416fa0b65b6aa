using System.Text.Json;
using System.Text.Json.Serialization;

namespace Observability.Analytics.Cost;

/// <summary>
/// Reads <see cref="CostOptions"/> from a JSON file (comments and trailing commas allowed, unknown keys rejected,
/// enums in snake case such as <c>gpu_time</c>), then validates them, reporting every problem at once.
/// </summary>
public static class CostOptionsFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    public static CostOptions Load(string path)
    {
        Document? document;
        try
        {
            document = JsonSerializer.Deserialize<Document>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{path}: {e.Message}", nameof(path), e);
        }

        var options = (document ?? new Document()).ToOptions();
        var problems = options.Validate();
        return problems.Count == 0 ? options : throw new ArgumentException($"{path}: {string.Join("; ", problems)}", nameof(path));
    }

    private sealed record Document
    {
        public int SlotSeconds { get; init; } = 60;

        public IdlePolicy IdlePolicy { get; init; } = IdlePolicy.Proportional;

        public PlatformSpread PlatformSpread { get; init; } = PlatformSpread.Weighted;

        public TokenWeights TokenWeights { get; init; } = new();

        public Dictionary<string, DeploymentCostOptions> Deployments { get; init; } = [];

        public int CalibrationHours { get; init; } = 24;

        public decimal DefaultDecodeToPrefillRatio { get; init; } = 20m;

        public int JobLookbackHours { get; init; } = 3;

        public Dictionary<string, TenantBudget> Budgets { get; init; } = [];

        public List<int> BudgetThresholdsPct { get; init; } = [50, 80, 100];

        public CostOptions ToOptions() => new()
        {
            Slot = TimeSpan.FromSeconds(SlotSeconds),
            IdlePolicy = IdlePolicy,
            PlatformSpread = PlatformSpread,
            TokenWeights = TokenWeights,
            Deployments = Deployments,
            CalibrationWindow = TimeSpan.FromHours(CalibrationHours),
            DefaultDecodeToPrefillRatio = DefaultDecodeToPrefillRatio,
            JobLookbackHours = JobLookbackHours,
            Budgets = Budgets,
            BudgetThresholdsPct = BudgetThresholdsPct,
        };
    }
}
