namespace Observability.Simulator;

/// <summary>Which exporter dialect a simulated endpoint speaks.</summary>
public enum TargetKind
{
    /// <summary>dcgm-exporter, one endpoint per node.</summary>
    Dcgm,

    /// <summary>vLLM's OpenAI server /metrics, one endpoint per replica.</summary>
    Vllm,

    /// <summary>Triton's metrics port, one endpoint per replica.</summary>
    Triton,
}
