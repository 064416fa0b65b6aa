using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.Ingest.Tests.Support;

/// <summary>Row builders with a distinct value in every column, so a column mapped to the wrong place shows up.</summary>
internal static class TestRows
{
    public const string Hostile = "a'b\"c\\d; DROP TABLE x --";
    public const string Unicode = "模型-é-🚀-\u00a0-ß";

    public static readonly DateTime T0 = new(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    public static GpuIdentity Gpu(string uuid = "GPU-1", string mig = "", string node = "node-a", string model = "NVIDIA H100 80GB HBM3") =>
        new("cluster-1", node, "0", uuid, "00000000:17:00.0", "nvidia0", model, mig.Length > 0 ? "1g.10gb" : "", mig,
            "550.54.15", "team-" + Hostile, "pod-" + Unicode, "container");

    public static ServingIdentity Server(string model = "llama-3-8b", string source = "vllm", string engine = "0") =>
        new("cluster-1", "node-a", source, model, "v2", engine, "GPU-1", "ns", "pod-1", "tenant-" + Hostile);

    /// <summary>A GPU row whose value at field i is i + offset, except every third field, which is absent.</summary>
    public static GpuSample GpuRow(DateTime ts, GpuIdentity gpu, double offset = 0.5, double? util = null)
    {
        var values = GpuSample.NewValues();
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = i % 3 == 2 ? double.NaN : i + offset;
        }

        if (util is { } u)
        {
            values[(int)GpuField.GpuUtilPct] = u;
        }

        return new GpuSample(ts, "dcgm:9400", gpu, values);
    }

    public static ServingSample ServingRow(DateTime ts, ServingIdentity server, Func<ServingField, double> value) =>
        new(ts, "vllm:8000", server, [.. Enum.GetValues<ServingField>().Select(value)]);

    public static ServingHistogram Histogram(DateTime ts, ServingIdentity server, string metric = ServingHistogramNames.TimeToFirstToken) =>
        new(ts, "vllm:8000", server, metric, [0.01, 0.1, 1, double.PositiveInfinity], [1, 2, 3, 0.5], 6.5, 1.25);

    public static RowBatch Batch(params GpuSample[] rows)
    {
        var batch = new RowBatch();
        batch.GpuSamples.AddRange(rows);
        return batch;
    }

    /// <summary>A batch of n GPU rows, one second apart starting at <paramref name="start"/>.</summary>
    public static RowBatch GpuBatch(int n, DateTime start)
    {
        var gpu = Gpu();
        var batch = new RowBatch();
        for (var i = 0; i < n; i++)
        {
            batch.GpuSamples.Add(GpuRow(start.AddSeconds(i), gpu));
        }

        return batch;
    }
}
