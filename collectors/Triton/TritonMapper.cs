using Observability.Collectors.Exposition;
using Observability.Collectors.Mapping;
using Observability.Collectors.Serving;
using Observability.Ingest.Model;

namespace Observability.Collectors.Triton;

/// <summary>
/// Maps Triton Inference Server's per-model families and the TensorRT-LLM backend's. Rows are
/// per <c>model</c> × <c>version</c> × <c>gpu_uuid</c> (instances on different GPUs are apart);
/// TRT-LLM families land on the same row as the Triton model they belong to, with source
/// <c>triton</c>. Per-GPU families without a model (nv_gpu_*, nv_energy_*) are left to DCGM.
/// </summary>
public sealed class TritonMapper() : ServingMapper(TritonRules.All)
{
    protected override string Source => "triton";

    public override bool Claims(ReadOnlySpan<byte> sampleName) =>
        sampleName.StartsWith("nv_inference_"u8) || sampleName.StartsWith("nv_trt_llm_"u8) || sampleName.StartsWith("nv_llm_"u8);

    protected override ServingIdentity ReadIdentity(LabelList labels, ScrapeContext context, Utf8StringPool strings)
    {
        string model = "", version = "", gpu = "";
        foreach (var label in labels)
        {
            var n = label.Name;
            if (n.SequenceEqual("model"u8)) model = strings.Get(label.Value);
            else if (n.SequenceEqual("version"u8)) version = strings.Get(label.Value);
            else if (n.SequenceEqual("gpu_uuid"u8)) gpu = strings.Get(label.Value);
        }

        var t = context.Labels;
        return new ServingIdentity(t.Cluster, t.Node, Source, model, version, Engine: "", gpu, t.Namespace, t.Pod, t.TenantHint);
    }
}
