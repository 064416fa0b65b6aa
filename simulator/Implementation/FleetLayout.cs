namespace Observability.Simulator.Implementation;

/// <summary>
/// The static shape of the fleet: which GPUs are in MIG mode, which MIG instances exist, and which
/// replica runs where. Computed once, by the validator (to report placement failures with the other
/// problems) and by the builder; placement is first-fit in model order, then node order.
/// </summary>
internal sealed class FleetLayout
{
    private FleetLayout(GpuSku[] nodeSkus, MigProfileSpec[][][] migInstances, int[][][] migIds, ReplicaLayout[] replicas)
    {
        NodeSkus = nodeSkus;
        MigInstances = migInstances;
        MigInstanceIds = migIds;
        Replicas = replicas;
    }

    public GpuSku[] NodeSkus { get; }

    /// <summary>[node][gpu] → the MIG instances of that GPU; empty when the GPU is not in MIG mode.</summary>
    public MigProfileSpec[][][] MigInstances { get; }

    /// <summary>[node][gpu][instance] → GPU_I_ID.</summary>
    public int[][][] MigInstanceIds { get; }

    public ReplicaLayout[] Replicas { get; }

    public static string NodeName(int index) => $"gpu-node-{index}";

    /// <summary>Lays the fleet out, adding a message to <paramref name="errors"/> for every model that does not fit.</summary>
    public static FleetLayout? Plan(FleetOptions options, List<string> errors)
    {
        var profiles = options.MigProfiles.Select(p => MigProfileSpec.Find(p)!).ToArray();
        var ids = AssignInstanceIds(profiles);
        var skus = new GpuSku[options.Nodes];
        var mig = new MigProfileSpec[options.Nodes][][];
        var migIds = new int[options.Nodes][][];
        var freeWhole = new List<int>[options.Nodes];
        var freeMig = new List<DeviceSlot>();
        for (var n = 0; n < options.Nodes; n++)
        {
            skus[n] = options.NodeSkus[n % options.NodeSkus.Count];
            var migGpus = skus[n] == GpuSku.A100 ? options.MigGpusPerA100Node : 0;
            mig[n] = new MigProfileSpec[options.GpusPerNode][];
            migIds[n] = new int[options.GpusPerNode][];
            freeWhole[n] = [];
            for (var g = 0; g < options.GpusPerNode; g++)
            {
                var isMig = g >= options.GpusPerNode - migGpus;
                mig[n][g] = isMig ? profiles : [];
                migIds[n][g] = isMig ? ids : [];
                if (!isMig)
                {
                    freeWhole[n].Add(g);
                    continue;
                }

                for (var i = 0; i < profiles.Length; i++)
                {
                    freeMig.Add(new DeviceSlot(n, g, i));
                }
            }
        }

        var replicas = new List<ReplicaLayout>();
        var migCursor = 0;
        var failed = false;
        for (var m = 0; m < options.Models.Count; m++)
        {
            var model = options.Models[m];
            var unplaced = 0;
            for (var r = 0; r < model.Replicas; r++)
            {
                DeviceSlot[]? slots = null;
                if (model.UseMig)
                {
                    slots = migCursor < freeMig.Count ? [freeMig[migCursor++]] : null;
                }
                else
                {
                    slots = TakeWhole(freeWhole, model.GpusPerReplica);
                }

                if (slots is null)
                {
                    unplaced++;
                    continue;
                }

                replicas.Add(new ReplicaLayout(m, r, slots));
            }

            if (unplaced > 0)
            {
                failed = true;
                var need = model.UseMig ? "a free MIG instance" : $"{model.GpusPerReplica} free GPU(s) on one node";
                errors.Add($"Models[{m}] ({model.Name}): {unplaced} of {model.Replicas} replicas cannot be placed; each needs {need}.");
            }
        }

        return failed ? null : new FleetLayout(skus, mig, migIds, [.. replicas]);
    }

    private static DeviceSlot[]? TakeWhole(List<int>[] freeWhole, int count)
    {
        for (var n = 0; n < freeWhole.Length; n++)
        {
            if (freeWhole[n].Count < count)
            {
                continue;
            }

            var slots = new DeviceSlot[count];
            for (var i = 0; i < count; i++)
            {
                slots[i] = new DeviceSlot(n, freeWhole[n][i], -1);
            }

            freeWhole[n].RemoveRange(0, count);
            return slots;
        }

        return null;
    }

    /// <summary>Each instance takes the first id its profile allows that no earlier instance took, as the driver does.</summary>
    public static int[] AssignInstanceIds(MigProfileSpec[] profiles)
    {
        var used = new HashSet<int>();
        var ids = new int[profiles.Length];
        for (var i = 0; i < profiles.Length; i++)
        {
            ids[i] = profiles[i].InstanceIds.FirstOrDefault(id => !used.Contains(id), -1);
            used.Add(ids[i]);
        }

        return ids;
    }
}
