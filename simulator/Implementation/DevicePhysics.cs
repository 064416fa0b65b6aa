namespace Observability.Simulator.Implementation;

/// <summary>
/// Turns a step's activity into what DCGM would report: utilization and profiling ratios from busy
/// time and batch occupancy, power from activity (capped when throttled), energy as power × time,
/// temperature lagging behind power, clocks and clock-event reasons from load and faults.
/// </summary>
internal sealed class DevicePhysics(Rng rng)
{
    private const double ThermalTimeConstantSeconds = 60;
    private const double ThrottleExtraTempC = 14;
    private const double IdleBusyThreshold = 0.02;

    // DCGM clock-event reason bits.
    private const long GpuIdle = 0x01;
    private const long SwPowerCap = 0x04;

    /// <summary>Moves a physical GPU (and its MIG instances) through a step of <paramref name="dt"/> seconds.</summary>
    public void Step(SimDevice gpu, double dt)
    {
        if (gpu.IsMigMode)
        {
            double activity = 0, busy = 0, gr = 0, tensor = 0, dram = 0;
            foreach (var instance in gpu.Instances)
            {
                Activity(instance, dt);
                activity += instance.GpuWeight * instance.Activity;
                busy = Math.Max(busy, instance.Busy);
                gr += instance.GpuWeight * instance.GrEngineActive;
                tensor += instance.GpuWeight * instance.TensorActive;
                dram += instance.GpuWeight * instance.DramActive;
                gpu.StepPromptTokens += instance.StepPromptTokens;
                gpu.StepGeneratedTokens += instance.StepGeneratedTokens;
            }

            gpu.Activity = activity;
            gpu.Busy = busy;
            gpu.GrEngineActive = gr;
            gpu.TensorActive = tensor;
            gpu.DramActive = dram;
        }
        else
        {
            Activity(gpu, dt);
            gpu.BusySeconds += gpu.StepBusySeconds;
        }

        Power(gpu, dt);
        Clocks(gpu);
        gpu.GpuUtil = (int)Math.Round(100 * gpu.Busy);
        gpu.MemCopyUtil = (int)Math.Round(100 * gpu.DramActive * 0.8);
        gpu.XidCode = gpu.Fault?.Kind == FaultKind.Xid ? gpu.Fault.XidCode : 0;
        gpu.PcieReplays += rng.Poisson(dt * 2e-6);
        var tokensPerSecond = (gpu.StepPromptTokens + gpu.StepGeneratedTokens) / dt;
        gpu.PcieTxBytesPerSec = (long)((180_000 + (tokensPerSecond * 2_400)) * (1 + (0.05 * rng.Normal())));
        gpu.PcieRxBytesPerSec = (long)((95_000 + (gpu.StepPromptTokens / dt * 4_100)) * (1 + (0.05 * rng.Normal())));
        if (gpu.Replica is { Devices.Length: > 1 })
        {
            // Tensor-parallel replicas all-reduce activations over NVLink for every token.
            gpu.NvlinkBandwidthTotal += (gpu.StepPromptTokens + gpu.StepGeneratedTokens) * 65_536;
        }
    }

    /// <summary>
    /// Framebuffer use: vLLM and TensorRT-LLM claim ~90% of the memory up front for weights and KV
    /// cache (plus the CUDA context), so it is flat while the pod runs; a MIG-mode GPU sums its instances.
    /// </summary>
    public static void Memory(SimDevice gpu)
    {
        foreach (var instance in gpu.Instances)
        {
            instance.FbUsedMiB = instance.Replica is null ? 0 : (int)(0.9 * instance.FbTotalMiB);
        }

        gpu.FbUsedMiB = gpu.IsMigMode
            ? gpu.Instances.Sum(i => i.FbUsedMiB)
            : gpu.Replica is null ? 0 : (int)(0.9 * gpu.FbTotalMiB) + 415;
    }

    /// <summary>Recomputes the fault-driven gauges at once, so a fault shows in the very next scrape.</summary>
    public static void RefreshFaultGauges(SimDevice gpu)
    {
        gpu.XidCode = gpu.Fault?.Kind == FaultKind.Xid ? gpu.Fault.XidCode : 0;
        foreach (var instance in gpu.Instances)
        {
            instance.XidCode = gpu.XidCode;
        }

        Clocks(gpu);
    }

    private static void Activity(SimDevice device, double dt)
    {
        device.Busy = Math.Clamp(device.StepBusySeconds / dt, 0, 1);
        device.Occupancy = device.StepBusySeconds > 0 ? Math.Clamp(device.StepOccupancySeconds / device.StepBusySeconds, 0, 1) : 0;
        var fill = Math.Min(1, 2 * device.Occupancy);
        device.Activity = device.Busy * (0.45 + (0.55 * fill));
        device.GrEngineActive = device.Busy * (0.9 + (0.09 * fill));
        device.TensorActive = device.Busy * (0.12 + (0.6 * fill));
        device.DramActive = device.Busy * (0.25 + (0.5 * fill));
        if (device.IsMigInstance)
        {
            device.BusySeconds += device.StepBusySeconds;
        }
    }

    private void Power(SimDevice gpu, double dt)
    {
        var spec = gpu.Spec;
        var throttled = gpu.Fault?.Kind == FaultKind.Throttle;
        var cap = throttled ? 0.55 : 1.0;
        var power = spec.IdlePowerW + ((spec.MaxPowerW - spec.IdlePowerW) * Math.Min(gpu.Activity, cap));
        // NVML reports milliwatts, hence three decimals (dcgm prints them with %f: 409.692000).
        gpu.PowerW = Math.Round(Math.Max(spec.IdlePowerW * 0.9, power * (1 + (0.015 * rng.Normal()))), 3);
        gpu.EnergyMj += gpu.PowerW * dt * 1000;
        gpu.EnergyJoules += gpu.PowerW * dt;
        var target = spec.IdleTempC + (spec.TempPerWatt * (gpu.PowerW - spec.IdlePowerW)) + (throttled ? ThrottleExtraTempC : 0);
        var approach = 1 - Math.Exp(-dt / ThermalTimeConstantSeconds);
        gpu.GpuTempC += (target - gpu.GpuTempC) * approach;
        gpu.MemoryTempC = gpu.GpuTempC + 3 + (7 * gpu.Activity);
    }

    private static void Clocks(SimDevice gpu)
    {
        var spec = gpu.Spec;
        gpu.MemClockMhz = spec.MemClockMhz;
        if (gpu.Fault?.Kind == FaultKind.Throttle)
        {
            gpu.SmClockMhz = (int)(spec.MaxSmClockMhz * ActiveFault.ThrottleClockFactor / 15) * 15;
            gpu.ClockEventReasons = ActiveFault.ThrottleReasons;
        }
        else if (gpu.Busy < IdleBusyThreshold)
        {
            gpu.SmClockMhz = spec.IdleSmClockMhz;
            gpu.ClockEventReasons = GpuIdle;
        }
        else if (gpu.PowerW >= 0.97 * spec.MaxPowerW)
        {
            // At the power limit the boost clock backs off a few bins.
            gpu.SmClockMhz = spec.MaxSmClockMhz - 225;
            gpu.ClockEventReasons = SwPowerCap;
        }
        else
        {
            gpu.SmClockMhz = spec.MaxSmClockMhz;
            gpu.ClockEventReasons = 0;
        }
    }
}
