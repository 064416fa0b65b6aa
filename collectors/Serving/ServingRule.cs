using Observability.Ingest.Model;

namespace Observability.Collectors.Serving;

/// <summary>What a serving family is: a gauge or counter feeding row fields, or a histogram.</summary>
public enum ServingRuleKind
{
    Gauge,
    Counter,
    Histogram,
}

/// <summary>Where one category of a labelled family goes (e.g. finished_reason="stop" → FinishedStop and RequestsSucceeded).</summary>
public sealed record ServingTarget(ServingField Field, ServingField? Total = null);

/// <summary>
/// How one family of a model server maps into the serving row. Families split by a category
/// label (finished_reason, reason, request_type…) name it in <see cref="CategoryLabel"/>; a
/// category not listed is left unmapped rather than guessed. Histograms keep the server's own
/// bucket bounds, multiplied by <see cref="Scale"/> to reach the canonical unit.
/// A <see cref="Deprecated"/> family only fills values its replacement did not report, so a
/// server exposing both names is not counted twice.
/// </summary>
public sealed record ServingRule(string Name, ServingRuleKind Kind)
{
    public ServingTarget? Target { get; init; }

    public string? CategoryLabel
    {
        get => _categoryLabel;
        init
        {
            _categoryLabel = value;
            CategoryLabelUtf8 = value is null ? null : System.Text.Encoding.UTF8.GetBytes(value);
        }
    }

    /// <summary><see cref="CategoryLabel"/> as bytes, encoded once, for label look-ups.</summary>
    public byte[]? CategoryLabelUtf8 { get; private init; }

    private readonly string? _categoryLabel;

    public IReadOnlyDictionary<string, ServingTarget>? Categories { get; init; }

    /// <summary>For counters split by category: where categories not listed go (null: unmapped).</summary>
    public ServingTarget? OtherCategory { get; init; }

    public string? Histogram { get; init; }

    public double Scale { get; init; } = 1;

    /// <summary>For histograms: a row field fed by the increase of <c>_sum</c> (token-length histograms carry token totals).</summary>
    public ServingField? SumField { get; init; }

    public bool Deprecated { get; init; }

    public static ServingRule Gauge(string name, ServingField field) => new(name, ServingRuleKind.Gauge) { Target = new(field) };

    public static ServingRule Counter(string name, ServingField field, ServingField? total = null) =>
        new(name, ServingRuleKind.Counter) { Target = new(field, total) };

    public static ServingRule Hist(string name, string histogram, double scale = 1) =>
        new(name, ServingRuleKind.Histogram) { Histogram = histogram, Scale = scale };

    /// <summary>Resolves the row target of one series: the rule's own, or its category's.</summary>
    public ServingTarget? TargetFor(string? category)
    {
        if (CategoryLabel is null)
        {
            return Target;
        }

        return category is not null && Categories!.TryGetValue(category, out var t) ? t : OtherCategory;
    }
}
