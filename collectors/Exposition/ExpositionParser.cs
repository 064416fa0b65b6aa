namespace Observability.Collectors.Exposition;

/// <summary>
/// Parses Prometheus text 0.0.4 and OpenMetrics 1.0 expositions from bytes in one pass, handing each
/// sample to a sink. Reusable across parses (buffers are kept), but not thread-safe.
/// </summary>
/// <remarks>
/// The text format is accepted or rejected exactly as Go's <c>expfmt</c> (and so <c>promtool check metrics</c>)
/// does; in particular a body whose last line has no terminating '\n' is rejected. OpenMetrics follows the 1.0 ABNF plus the reference parser's semantic checks. In OpenMetrics, an exact
/// repeat of a series within a group at the same timestamp is dropped (the first one is kept), as the
/// reference parser does. OpenMetrics timestamps beyond the range of <see cref="long"/> milliseconds saturate.
/// </remarks>
public sealed partial class ExpositionParser
{
    public ExpositionParser(ParserOptions? options = null)
    {
        Options = options ?? ParserOptions.Default;
    }

    public ParserOptions Options { get; }

    /// <summary>
    /// Parses <paramref name="body"/>, calling <paramref name="sink"/> for each sample as it is read. A malformed
    /// exposition or an exceeded limit stops the parse and returns a failure with the 1-based line and the reason;
    /// the sink has then seen some samples, which the caller must discard. Limits of 0 or less are off.
    /// Steady-state parses allocate nothing: labels, names and unescaped values are views over the body and
    /// reused buffers, valid only during <see cref="ISampleSink.OnSample"/>.
    /// </summary>
    public ParseResult Parse<TSink>(ReadOnlySpan<byte> body, ExpositionFormat format, ref TSink sink)
        where TSink : ISampleSink, allows ref struct
    {
        Begin(body);
        var ok = format switch
        {
            ExpositionFormat.PrometheusText => ParseText(body, ref sink),
            ExpositionFormat.OpenMetrics => ParseOpenMetrics(body, ref sink),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown exposition format"),
        };
        return ok ? ParseResult.Success(_samples) : ParseResult.Failure(_samples, _errorLine, _error!, _errorKind);
    }
}
