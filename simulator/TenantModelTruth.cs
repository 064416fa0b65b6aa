namespace Observability.Simulator;

/// <summary>
/// What one tenant consumed of one model since the simulation start.
/// For vLLM models the token counts equal, summed over tenants, the sum of vllm:prompt_tokens_total
/// and vllm:generation_tokens_total over the model's replicas; for TensorRT-LLM models, the sums
/// of nv_llm_input_token_len and nv_llm_output_token_len (Triton counts a request's tokens when it succeeds).
/// </summary>
/// <param name="Tenant">Tenant name.</param>
/// <param name="Model">Model name.</param>
/// <param name="Requests">Requests that finished, successfully or not (excluding <paramref name="UnservedRequests"/>).</param>
/// <param name="FailedRequests">Of those, requests that failed, were aborted or rejected.</param>
/// <param name="UnservedRequests">Requests that found no replica online (every replica's GPU gone); no endpoint saw them.</param>
/// <param name="PromptTokens">Prompt tokens processed, as the engine counts them.</param>
/// <param name="GenerationTokens">Tokens generated, as the engine counts them.</param>
/// <param name="GpuSeconds">
/// GPU time: at every instant a replica is busy, its GPUs (a MIG instance counting as slices/7 of one)
/// are shared equally among the requests it is running, from admission (prefill) to the last token (decode).
/// </param>
public sealed record TenantModelTruth(
    string Tenant,
    string Model,
    long Requests,
    long FailedRequests,
    long UnservedRequests,
    long PromptTokens,
    long GenerationTokens,
    double GpuSeconds);
