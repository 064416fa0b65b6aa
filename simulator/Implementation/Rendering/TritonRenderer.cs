namespace Observability.Simulator.Implementation.Rendering;

/// <summary>
/// One Triton replica's metrics port, as prometheus-cpp writes it: labels sorted by name, integer
/// counters, histograms as _count, _sum, then buckets with le last. TensorRT-LLM models run their
/// instances on KIND_CPU (the backend drives the GPUs), so their per-model series carry no gpu_uuid;
/// other models have one GPU instance and do. GPU gauges cover the replica's own GPUs.
/// </summary>
internal sealed class TritonRenderer : IEndpointRenderer
{
    private static readonly TritonFamily Success = TritonFamily.Counter("nv_inference_request_success", "Number of successful inference requests, all batch sizes");
    private static readonly TritonFamily Failure = TritonFamily.Counter("nv_inference_request_failure", "Number of failed inference requests, all batch sizes");
    private static readonly TritonFamily Count = TritonFamily.Counter("nv_inference_count", "Number of inferences performed (does not include cached requests)");
    private static readonly TritonFamily ExecCount = TritonFamily.Counter("nv_inference_exec_count", "Number of model executions performed (does not include cached requests)");
    private static readonly TritonFamily RequestDuration = TritonFamily.Counter("nv_inference_request_duration_us", "Cumulative inference request duration in microseconds (includes cached requests)");
    private static readonly TritonFamily QueueDuration = TritonFamily.Counter("nv_inference_queue_duration_us", "Cumulative inference queuing duration in microseconds (includes cached requests)");
    private static readonly TritonFamily InputDuration = TritonFamily.Counter("nv_inference_compute_input_duration_us", "Cumulative compute input duration in microseconds (does not include cached requests)");
    private static readonly TritonFamily InferDuration = TritonFamily.Counter("nv_inference_compute_infer_duration_us", "Cumulative compute inference duration in microseconds (does not include cached requests)");
    private static readonly TritonFamily OutputDuration = TritonFamily.Counter("nv_inference_compute_output_duration_us", "Cumulative inference compute output duration in microseconds (does not include cached requests)");
    private static readonly TritonFamily Pending = TritonFamily.Gauge("nv_inference_pending_request_count", "Instantaneous number of pending requests awaiting execution per-model.");
    private static readonly HistogramNames FirstResponse = new("nv_inference_first_response_histogram_ms", "Duration from request to first response in milliseconds");
    private static readonly TritonFamily GpuUtilization = TritonFamily.Gauge("nv_gpu_utilization", "GPU utilization rate [0.0 - 1.0)");
    private static readonly TritonFamily GpuMemoryTotal = TritonFamily.Gauge("nv_gpu_memory_total_bytes", "GPU total memory, in bytes");
    private static readonly TritonFamily GpuMemoryUsed = TritonFamily.Gauge("nv_gpu_memory_used_bytes", "GPU used memory, in bytes");
    private static readonly TritonFamily GpuPower = TritonFamily.Gauge("nv_gpu_power_usage", "GPU power usage in watts");
    private static readonly TritonFamily GpuPowerLimit = TritonFamily.Gauge("nv_gpu_power_limit", "GPU power management limit in watts");
    private static readonly TritonFamily Energy = TritonFamily.Counter("nv_energy_consumption", "GPU energy consumption in joules since the Triton Server started");
    private static readonly string[] FailureReasons = ["REJECTED", "CANCELED", "BACKEND", "OTHER"];

    private readonly SimReplica replica;
    private readonly TrtLlmRenderer? trtLlm;
    private readonly byte[] labels;
    private readonly byte[][] failureLabels;
    private readonly byte[] leBefore;
    private readonly byte[] leAfter;
    private readonly (SimDevice Gpu, byte[] Labels)[] gpus;
    private readonly double[] energyAtStart;

    public TritonRenderer(SimReplica replica)
    {
        this.replica = replica;
        var model = replica.Model;
        var modelLabels = new List<(string, string)> { ("model", model.Name), ("version", "1") };
        if (!model.IsTrtLlm)
        {
            modelLabels.Add(("gpu_uuid", replica.Devices[0].Uuid));
        }

        labels = LabelSet.BuildSorted([.. modelLabels]);
        failureLabels = [.. FailureReasons.Select(r => LabelSet.BuildSorted([.. modelLabels, ("reason", r)]))];
        var open = LabelSet.BuildSorted([.. modelLabels]);
        leBefore = [.. open.AsSpan(0, open.Length - 1), .. ",le=\""u8];
        leAfter = "\"}"u8.ToArray();
        gpus = [.. replica.Devices.Select(d => (d.Gpu, LabelSet.Build(("gpu_uuid", d.Uuid))))];
        energyAtStart = [.. gpus.Select(g => g.Gpu.EnergyJoules)];
        trtLlm = model.IsTrtLlm ? new TrtLlmRenderer(replica) : null;
    }

    public void Render(MetricWriter writer, DateTimeOffset now)
    {
        var c = replica.Counters;
        trtLlm?.Render(writer, now);
        Write(writer, Success, c.Success);
        writer.Raw(Failure.Header);
        for (var i = 0; i < failureLabels.Length; i++)
        {
            writer.Int(Failure.Name, failureLabels[i], c.Failure[i]);
        }

        Write(writer, Count, c.InferenceCount);
        Write(writer, ExecCount, c.ExecutionCount);
        Write(writer, RequestDuration, c.RequestDurationUs);
        Write(writer, QueueDuration, c.QueueDurationUs);
        Write(writer, InputDuration, c.ComputeInputDurationUs);
        Write(writer, InferDuration, c.ComputeInferDurationUs);
        Write(writer, OutputDuration, c.ComputeOutputDurationUs);
        Write(writer, Pending, replica.Waiting.Count);
        FirstResponse.WriteCpp(writer, c.FirstResponseMs, labels, leBefore, leAfter);
        WriteGpus(writer);
    }

    private void Write(MetricWriter writer, TritonFamily family, long value)
    {
        writer.Raw(family.Header);
        writer.Int(family.Name, labels, value);
    }

    private void WriteGpus(MetricWriter writer)
    {
        // Triton only sees GPUs that are present; a vanished GPU drops out here too.
        WriteGpuFamily(writer, GpuUtilization, static (d, _) => d.Busy);
        WriteGpuFamily(writer, GpuMemoryTotal, static (d, _) => d.FbTotalMiB * 1048576.0);
        WriteGpuFamily(writer, GpuMemoryUsed, static (d, _) => d.FbUsedMiB * 1048576.0);
        WriteGpuFamily(writer, GpuPower, static (d, _) => d.PowerW);
        WriteGpuFamily(writer, GpuPowerLimit, static (d, _) => d.Spec.MaxPowerW);
        WriteGpuFamily(writer, Energy, (d, i) => Math.Floor(d.EnergyJoules - energyAtStart[i]));
    }

    private void WriteGpuFamily(MetricWriter writer, TritonFamily family, Func<SimDevice, int, double> value)
    {
        writer.Raw(family.Header);
        for (var i = 0; i < gpus.Length; i++)
        {
            if (!gpus[i].Gpu.Missing)
            {
                writer.Shortest(family.Name, gpus[i].Labels, value(gpus[i].Gpu, i));
            }
        }
    }
}
