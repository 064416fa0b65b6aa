namespace Observability.Simulator;

/// <summary>How a simulated request ended.</summary>
public enum RequestStatus
{
    /// <summary>Finished normally (vLLM finished_reason stop or length; Triton success).</summary>
    Succeeded,

    /// <summary>Aborted by the client, failed in the engine, or lost with its GPU.</summary>
    Failed,
}
