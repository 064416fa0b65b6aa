using System.Text.Unicode;

namespace Observability.Collectors.Exposition;

/// <summary>Per-parse state, failure recording and sample hand-off.</summary>
public sealed partial class ExpositionParser
{
    private bool _bodyIsUtf8;
    private int _samples;
    private string? _error;
    private int _errorLine;
    private ParseErrorKind _errorKind;

    /// <summary>
    /// Off forces every label through the general byte-by-byte path; tests compare both paths on the same input.
    /// </summary>
    internal bool UseQuoteMaskFastPath { get; init; } = true;

    private void Begin(ReadOnlySpan<byte> body)
    {
        _samples = 0;
        _error = null;
        _errorLine = 0;
        _errorKind = ParseErrorKind.None;
        _labelCount = 0;
        _scratchLength = 0;

        // One vectorised pass; when it fails, text label values are checked one by one instead.
        _bodyIsUtf8 = Utf8.IsValid(body);
        ResetText();
        ResetOpenMetrics();
    }

    private bool Fail(int line, string message, ParseErrorKind kind = ParseErrorKind.Syntax)
    {
        _error = message;
        _errorLine = line;
        _errorKind = kind;
        return false;
    }

    private bool FailElision(int line) => Fail(
        line,
        "'...' looks like an elided documentation excerpt, not an exposition line; " +
        "enable lenient parsing (ParserOptions.Lenient, --lenient) to skip such lines");

    private bool Emit<TSink>(ref TSink sink, in Sample sample)
        where TSink : ISampleSink, allows ref struct
    {
        var max = Options.MaxSamples;
        if (max > 0 && _samples >= max)
        {
            return Fail(sample.LineNumber, $"sample limit exceeded: more than MaxSamples={max} samples", ParseErrorKind.SampleLimit);
        }

        sink.OnSample(in sample);
        _samples++;
        return true;
    }

    private LabelList CurrentLabels(ReadOnlySpan<byte> body) =>
        new(body, _scratch.AsSpan(0, _scratchLength), _labels.AsSpan(0, _labelCount));

}
