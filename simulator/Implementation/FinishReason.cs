namespace Observability.Simulator.Implementation;

/// <summary>How a request ends; vLLM exports it as finished_reason, Triton as success or a failure reason.</summary>
internal enum FinishReason
{
    Stop,
    Length,
    Abort,
    Error,
    Rejected,
}
