namespace Observability.Analytics.Slo;

/// <summary>One thing wrong with an SLO file: the file, the dotted field path, and why.</summary>
public sealed record SloProblem(string File, string Field, string Reason)
{
    public override string ToString() => $"{File}: {Field}: {Reason}";
}

/// <summary>Thrown at start when SLO files are invalid; <see cref="Problems"/> lists every one found, not just the first.</summary>
public sealed class SloDefinitionException : Exception
{
    public SloDefinitionException()
        : this([])
    {
    }

    public SloDefinitionException(string message)
        : base(message)
    {
        Problems = [];
    }

    public SloDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    public SloDefinitionException(IReadOnlyList<SloProblem> problems)
        : base("invalid SLO definitions:" + string.Concat(problems.Select(p => Environment.NewLine + "  " + p)))
    {
        Problems = problems;
    }

    public IReadOnlyList<SloProblem> Problems { get; }
}
