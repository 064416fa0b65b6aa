using Observability.Collectors.Exposition;
using Observability.Collectors.Mapping;
using Observability.Collectors.Serving;
using Observability.Ingest.Model;

namespace Observability.Collectors.Vllm;

/// <summary>
/// Maps vLLM's <c>vllm:*</c> families. The model is <c>model_name</c> (vLLM's own server) or
/// <c>model</c>/<c>version</c> (vLLM re-exported by Triton's vLLM backend); <c>engine</c> is the
/// data-parallel rank, one row each.
/// </summary>
public sealed class VllmMapper() : ServingMapper(VllmRules.All)
{
    protected override string Source => "vllm";

    public override bool Claims(ReadOnlySpan<byte> sampleName) => sampleName.StartsWith("vllm:"u8);

    protected override ServingIdentity ReadIdentity(LabelList labels, ScrapeContext context, Utf8StringPool strings)
    {
        string model = "", version = "", engine = "";
        foreach (var label in labels)
        {
            var n = label.Name;
            if (n.SequenceEqual("model_name"u8) || (model.Length == 0 && n.SequenceEqual("model"u8))) model = strings.Get(label.Value);
            else if (n.SequenceEqual("version"u8)) version = strings.Get(label.Value);
            else if (n.SequenceEqual("engine"u8)) engine = strings.Get(label.Value);
        }

        var t = context.Labels;
        return new ServingIdentity(t.Cluster, t.Node, Source, model, version, engine, GpuUuid: "", t.Namespace, t.Pod, t.TenantHint);
    }
}
