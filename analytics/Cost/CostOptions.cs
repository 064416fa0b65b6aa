namespace Observability.Analytics.Cost;

/// <summary>How one deployment's cost is divided among its tenants.</summary>
public enum ShareBasis
{
    /// <summary>Each request's estimated GPU time: prefill and decode seconds from its tokens, with per-model coefficients calibrated from the telemetry.</summary>
    GpuTime,

    /// <summary>Weighted tokens: uncached input, cached input and output each with a weight (<see cref="CostOptions.TokenWeights"/>).</summary>
    Tokens,

    /// <summary>Requests, each counting one.</summary>
    Requests,

    /// <summary>Every tenant that sent at least one request in the hour pays the same.</summary>
    Even,
}

/// <summary>Where the cost of a deployment hour without any request goes.</summary>
public enum IdlePolicy
{
    /// <summary>To the deployment's tenants in proportion to their use of it over the whole allocation run (default).</summary>
    Proportional,

    /// <summary>To the deployment's owner (<see cref="DeploymentCostOptions.Owner"/>); to the idle line when none is configured.</summary>
    Owner,

    /// <summary>To the idle line, as a cost of the platform.</summary>
    Platform,
}

/// <summary>How the cost of a shared platform deployment (e.g. the router's GPUs) is spread over all tenants.</summary>
public enum PlatformSpread
{
    /// <summary>In proportion to each tenant's directly attributed cost in the same hour.</summary>
    Weighted,

    /// <summary>Equally among the tenants with directly attributed cost in the same hour.</summary>
    Even,
}

/// <summary>Per-deployment choices, keyed by <c>namespace/deployment</c> in <see cref="CostOptions.Deployments"/>.</summary>
public sealed record DeploymentCostOptions
{
    /// <summary>Default <see cref="ShareBasis.GpuTime"/>.</summary>
    public ShareBasis ShareBasis { get; init; } = ShareBasis.GpuTime;

    /// <summary>The tenant that owns the deployment, charged its idle hours under <see cref="IdlePolicy.Owner"/>.</summary>
    public string? Owner { get; init; }

    /// <summary>A shared platform deployment: its cost is spread over every tenant (see <see cref="CostOptions.PlatformSpread"/>).</summary>
    public bool Platform { get; init; }
}

/// <summary>Weights of the <see cref="ShareBasis.Tokens"/> basis. Defaults: input 1, cached input 0.1, output 4.</summary>
public sealed record TokenWeights(decimal Input = 1m, decimal CachedInput = 0.1m, decimal Output = 4m);

/// <summary>A tenant's monthly budget (money) and quotas (tokens, GPU-hours); null means none.</summary>
public sealed record TenantBudget(decimal? MonthlyDollars = null, long? MonthlyTokens = null, double? MonthlyGpuHours = null);

/// <summary>Options of cost attribution, with the defaults the README documents.</summary>
public sealed record CostOptions
{
    /// <summary>
    /// The presence grain: a GPU costs one slot for every slot in which it reported at least one sample. Must divide
    /// an hour and be at least the scrape interval. Default 1 minute.
    /// </summary>
    public TimeSpan Slot { get; init; } = TimeSpan.FromMinutes(1);

    public IdlePolicy IdlePolicy { get; init; } = IdlePolicy.Proportional;

    public PlatformSpread PlatformSpread { get; init; } = PlatformSpread.Weighted;

    public TokenWeights TokenWeights { get; init; } = new();

    /// <summary>Per deployment, keyed <c>namespace/deployment</c>; deployments not listed use the defaults of <see cref="DeploymentCostOptions"/>.</summary>
    public IReadOnlyDictionary<string, DeploymentCostOptions> Deployments { get; init; } = new Dictionary<string, DeploymentCostOptions>();

    /// <summary>
    /// The <c>gpu_time</c> coefficients are fitted on at least this much history before the allocated range. Default 24 hours.
    /// </summary>
    public TimeSpan CalibrationWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Used when a model's coefficients cannot be fitted (too little or degenerate data): one output token costs this
    /// many uncached input tokens of GPU time. Default 20, what a batched decoder typically measures.
    /// </summary>
    public decimal DefaultDecodeToPrefillRatio { get; init; } = 20m;

    /// <summary>How many past hours the hourly job (re)allocates, so late rows are picked up. Default 3.</summary>
    public int JobLookbackHours { get; init; } = 3;

    /// <summary>Per tenant: a monthly budget in dollars and quotas; tenants not listed have none.</summary>
    public IReadOnlyDictionary<string, TenantBudget> Budgets { get; init; } = new Dictionary<string, TenantBudget>();

    /// <summary>Percentages of a budget or quota at which a <see cref="BudgetEvent"/> is raised, once per month each. Default 50, 80, 100.</summary>
    public IReadOnlyList<int> BudgetThresholdsPct { get; init; } = [50, 80, 100];

    public DeploymentCostOptions For(DeploymentKey deployment) =>
        Deployments.Count > 0 && Deployments.TryGetValue(deployment.ToString(), out var options) ? options : Default;

    private static readonly DeploymentCostOptions Default = new();

    /// <summary>Every problem at once, with the option's name.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Slot < TimeSpan.FromSeconds(1) || TimeSpan.FromHours(1).Ticks % Slot.Ticks != 0)
        {
            problems.Add($"Cost.Slot: {Slot} must be at least 1s and divide an hour exactly");
        }

        if (TokenWeights.Input < 0 || TokenWeights.CachedInput < 0 || TokenWeights.Output < 0)
        {
            problems.Add("Cost.TokenWeights: weights must be at least 0");
        }

        if (DefaultDecodeToPrefillRatio <= 0)
        {
            problems.Add("Cost.DefaultDecodeToPrefillRatio: must be above 0");
        }

        if (JobLookbackHours is < 1 or > 24 * 31)
        {
            problems.Add("Cost.JobLookbackHours: must be from 1 to 744");
        }

        if (BudgetThresholdsPct.Any(t => t is < 1 or > 1000))
        {
            problems.Add("Cost.BudgetThresholdsPct: each threshold must be from 1 to 1000 (%)");
        }

        foreach (var (tenant, budget) in Budgets)
        {
            if (budget.MonthlyDollars is < 0 || budget.MonthlyTokens is < 0 || budget.MonthlyGpuHours is < 0)
            {
                problems.Add($"Cost.Budgets.{tenant}: budgets and quotas must be at least 0");
            }
        }

        foreach (var (key, value) in Deployments)
        {
            if (!key.Contains('/', StringComparison.Ordinal))
            {
                problems.Add($"Cost.Deployments.{key}: key must be namespace/deployment");
            }

            if (value.Platform && value.Owner is not null)
            {
                problems.Add($"Cost.Deployments.{key}: a platform deployment has no owner");
            }
        }

        return problems;
    }
}
