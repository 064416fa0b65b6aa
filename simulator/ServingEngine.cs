namespace Observability.Simulator;

/// <summary>The serving stack of a model, which decides the /metrics dialect its replicas expose.</summary>
public enum ServingEngine
{
    /// <summary>vLLM V1 (<c>vllm:*</c> names), or the pre-0.10 names for replicas configured as legacy.</summary>
    Vllm,

    /// <summary>Triton Inference Server (<c>nv_inference_*</c>), plus <c>nv_trt_llm_*</c> when the model is TensorRT-LLM.</summary>
    Triton,
}
