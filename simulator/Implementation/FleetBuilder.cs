namespace Observability.Simulator.Implementation;

/// <summary>
/// Turns validated options into the run-time fleet: nodes and GPUs with seeded UUIDs and believable
/// starting state, MIG instances, models, and replicas bound to their devices per <see cref="FleetLayout"/>.
/// </summary>
internal static class FleetBuilder
{
    public static Fleet Build(FleetOptions options, Rng rng)
    {
        var errors = new List<string>();
        var layout = FleetLayout.Plan(options, errors) ?? throw new InvalidOperationException(string.Join(" ", errors));
        var nodes = new SimNode[options.Nodes];
        for (var n = 0; n < nodes.Length; n++)
        {
            var spec = SkuSpec.For(layout.NodeSkus[n]);
            var node = nodes[n] = new SimNode(n, FleetLayout.NodeName(n), spec);
            for (var g = 0; g < options.GpusPerNode; g++)
            {
                var gpu = new SimDevice(node, g, rng.GpuUuid());
                InitialState(gpu, rng);
                var profiles = layout.MigInstances[n][g];
                gpu.Instances = [.. profiles.Select((p, i) => new SimDevice(node, g, gpu.Uuid, gpu, p, layout.MigInstanceIds[n][g][i]))];
                node.Gpus.Add(gpu);
            }
        }

        var models = options.Models.Select((m, i) => new SimModel(i, m, options.Tenants)).ToArray();
        var vllmReplicas = layout.Replicas.Count(r => models[r.Model].Engine == ServingEngine.Vllm);
        var vllmSeen = 0;
        var replicas = new SimReplica[layout.Replicas.Length];
        for (var i = 0; i < replicas.Length; i++)
        {
            var plan = layout.Replicas[i];
            var model = models[plan.Model];
            var devices = plan.Slots.Select(s => Resolve(nodes, s)).ToArray();

            // The last N vLLM replicas speak the old dialect, so consumers meet both in one fleet.
            var legacy = model.Engine == ServingEngine.Vllm && vllmSeen++ >= vllmReplicas - options.LegacyVllmReplicas;
            var replica = replicas[i] = new SimReplica(model, plan.Replica, devices, legacy, rng.NextGuid().ToString("D"));
            model.Replicas.Add(replica);
            foreach (var device in devices)
            {
                device.Replica = replica;
            }
        }

        foreach (var gpu in nodes.SelectMany(n => n.Gpus))
        {
            DevicePhysics.Memory(gpu);
        }

        return new Fleet(nodes, models, replicas, [.. options.Tenants.Select(t => t.Name)]);
    }

    private static SimDevice Resolve(SimNode[] nodes, DeviceSlot slot)
    {
        var gpu = nodes[slot.Node].Gpus[slot.Gpu];
        return slot.IsMig ? gpu.Instances[slot.MigInstance] : gpu;
    }

    /// <summary>A GPU that has been up for a while: energy counter well past zero, idle temperature and clocks.</summary>
    private static void InitialState(SimDevice gpu, Rng rng)
    {
        var spec = gpu.Spec;
        gpu.EnergyMj = Math.Floor(1e8 + (rng.NextDouble() * 5e10));
        gpu.GpuTempC = spec.IdleTempC + (rng.NextDouble() * 3);
        gpu.MemoryTempC = gpu.GpuTempC + 3;
        gpu.PowerW = spec.IdlePowerW;
        gpu.SmClockMhz = spec.IdleSmClockMhz;
        gpu.MemClockMhz = spec.MemClockMhz;
        gpu.ClockEventReasons = 0x01;
        gpu.PcieTxBytesPerSec = 180_000;
        gpu.PcieRxBytesPerSec = 95_000;
    }
}
