namespace Observability.Collectors.Exposition;

/// <summary>How a parse ended. On failure, <see cref="LineNumber"/> (1-based) and <see cref="Error"/> say where and why.</summary>
public readonly record struct ParseResult(bool Ok, int Samples, int LineNumber, string? Error, ParseErrorKind ErrorKind)
{
    public static ParseResult Success(int samples) => new(true, samples, 0, null, ParseErrorKind.None);

    public static ParseResult Failure(int samples, int line, string error, ParseErrorKind kind = ParseErrorKind.Syntax) =>
        new(false, samples, line, error, kind);

    public override string ToString() => Ok ? $"ok ({Samples} samples)" : $"line {LineNumber}: {Error}";
}

/// <summary>Why a parse failed, so that limit violations can be counted apart from malformed text.</summary>
public enum ParseErrorKind
{
    None,
    Syntax,
    SampleLimit,
    LabelLimit,
    BodyLimit,
}
