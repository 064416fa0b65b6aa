namespace Observability.Collectors.Exposition;

/// <summary>
/// Parses Prometheus text 0.0.4 and OpenMetrics 1.0 expositions from bytes in one pass, handing each
/// sample to a sink. Reusable across parses (buffers are kept), but not thread-safe.
/// </summary>
public sealed partial class ExpositionParser
{
    public ExpositionParser(ParserOptions? options = null)
    {
        Options = options ?? ParserOptions.Default;
    }

    public ParserOptions Options { get; }
}
