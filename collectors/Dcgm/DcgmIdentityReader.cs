using Observability.Collectors.Exposition;
using Observability.Collectors.Mapping;
using Observability.Ingest.Model;

namespace Observability.Collectors.Dcgm;

/// <summary>
/// Reads a GPU's identity from dcgm-exporter labels, accepting every spelling in the wild:
/// <c>UUID</c>/<c>uuid</c> (--use-old-namespace), <c>Hostname</c>/<c>hostname</c> (renamed 2026),
/// <c>namespace/pod/container</c> and the old <c>pod_namespace/pod_name/container_name</c>.
/// Labels it does not know (XID err_code/err_msg, DRA, hpc_job…) do not change the identity.
/// </summary>
internal static class DcgmIdentityReader
{
    /// <summary>Null when the sample names no GPU (NvSwitch, CPU or unlabeled samples).</summary>
    public static GpuIdentity? Read(LabelList labels, ScrapeContext context, Utf8StringPool strings)
    {
        string gpu = "", uuid = "", pci = "", device = "", model = "", migProfile = "", migId = "", host = "";
        string driver = "", ns = "", pod = "", container = "";
        foreach (var label in labels)
        {
            var value = label.Value;
            var n = label.Name;
            if (n.SequenceEqual("gpu"u8)) gpu = strings.Get(value);
            else if (n.SequenceEqual("UUID"u8) || n.SequenceEqual("uuid"u8)) uuid = strings.Get(value);
            else if (n.SequenceEqual("pci_bus_id"u8)) pci = strings.Get(value);
            else if (n.SequenceEqual("device"u8)) device = strings.Get(value);
            else if (n.SequenceEqual("modelName"u8)) model = strings.Get(value);
            else if (n.SequenceEqual("GPU_I_PROFILE"u8)) migProfile = strings.Get(value);
            else if (n.SequenceEqual("GPU_I_ID"u8)) migId = strings.Get(value);
            else if (n.SequenceEqual("Hostname"u8) || n.SequenceEqual("hostname"u8)) host = strings.Get(value);
            else if (n.SequenceEqual("DCGM_FI_DRIVER_VERSION"u8)) driver = strings.Get(value);
            else if (n.SequenceEqual("namespace"u8) || n.SequenceEqual("pod_namespace"u8)) ns = strings.Get(value);
            else if (n.SequenceEqual("pod"u8) || n.SequenceEqual("pod_name"u8)) pod = strings.Get(value);
            else if (n.SequenceEqual("container"u8) || n.SequenceEqual("container_name"u8)) container = strings.Get(value);
        }

        if (uuid.Length == 0)
        {
            return null;
        }

        var labelsOfTarget = context.Labels;
        return new GpuIdentity(
            Cluster: labelsOfTarget.Cluster,
            Node: host.Length > 0 ? host : labelsOfTarget.Node,
            GpuIndex: gpu,
            Uuid: uuid,
            PciBusId: pci,
            Device: device,
            ModelName: model,
            MigProfile: migProfile,
            MigInstanceId: migId,
            DriverVersion: driver,
            Namespace: ns.Length > 0 ? ns : labelsOfTarget.Namespace,
            Pod: pod.Length > 0 ? pod : labelsOfTarget.Pod,
            Container: container);
    }
}
