namespace Observability.Collectors.Exposition;

/// <summary>
/// Receives every sample of a parse, in order, while the parse runs. The spans in
/// <see cref="Sample"/> are only valid during the call. A parse that later fails must be
/// discarded whole by the caller (<see cref="ParseResult.Ok"/> is false).
/// Implement it on a struct (or a sealed class) so the generic parse loop is specialised for it.
/// </summary>
public interface ISampleSink
{
    void OnSample(in Sample sample);
}
