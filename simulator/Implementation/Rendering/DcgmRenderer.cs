using System.Globalization;

namespace Observability.Simulator.Implementation.Rendering;

/// <summary>
/// One node's dcgm-exporter page: for each field, HELP and TYPE, then a sample per GPU (each
/// followed by its MIG instances) with labels in the exporter's order — gpu, UUID, pci_bus_id,
/// device, modelName, [GPU_I_PROFILE, GPU_I_ID], Hostname, DCGM_FI_DRIVER_VERSION, then the pod
/// attributes sorted by key. Label blocks are built once; a GPU that has disappeared is skipped.
/// </summary>
internal sealed class DcgmRenderer : IEndpointRenderer
{
    private readonly (SimDevice Device, byte[] Labels)[] entries;

    public DcgmRenderer(SimNode node, string driverVersion, string kubernetesNamespace)
    {
        entries = [.. node.Gpus.SelectMany(g => g.Instances.Prepend(g)).Select(d => (d, Labels(d, driverVersion, kubernetesNamespace)))];
    }

    public void Render(MetricWriter writer, DateTimeOffset now)
    {
        foreach (var field in DcgmField.Defaults)
        {
            writer.Raw(field.Header);
            foreach (var (device, labels) in entries)
            {
                if (device.Missing || !field.AppliesTo(device))
                {
                    continue;
                }

                if (field.IsFloat)
                {
                    writer.Fixed6(field.Name, labels, field.FloatValue(device));
                }
                else
                {
                    writer.Int(field.Name, labels, field.IntValue(device));
                }
            }
        }
    }

    private static byte[] Labels(SimDevice d, string driverVersion, string kubernetesNamespace)
    {
        var index = d.GpuIndex.ToString(CultureInfo.InvariantCulture);
        var labels = new List<(string, string)>
        {
            ("gpu", index),
            ("UUID", d.Uuid),
            ("pci_bus_id", d.PciBusId),
            ("device", "nvidia" + index),
            ("modelName", d.Spec.ModelName),
        };
        if (d.IsMigInstance)
        {
            labels.Add(("GPU_I_PROFILE", d.Profile!.Name));
            labels.Add(("GPU_I_ID", d.GpuInstanceId.ToString(CultureInfo.InvariantCulture)));
        }

        labels.Add(("Hostname", d.Node.Name));
        labels.Add(("DCGM_FI_DRIVER_VERSION", driverVersion));
        if (d.Replica is { } replica)
        {
            labels.Add(("container", replica.Container));
            labels.Add(("namespace", kubernetesNamespace));
            labels.Add(("pod", replica.Pod));
            labels.Add(("pod_uid", replica.PodUid));
        }

        return LabelSet.Build([.. labels]);
    }
}
