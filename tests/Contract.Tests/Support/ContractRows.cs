using Observability.Ingest.Contract;
using Observability.Ingest.Model;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Contract.Tests.Support;

/// <summary>The fixture data every store gets: every table, several hours, range edges, NULLs and awkward strings.</summary>
internal static class ContractRows
{
    public static RequestEvent Request(DateTime ts, string id, string tenant, string model, RequestStatus status, long? input, long? output, long? cached = null) => new()
    {
        Timestamp = ts,
        RequestId = id,
        Tenant = tenant,
        Model = model,
        Status = status,
        InputTokens = input,
        OutputTokens = output,
        CachedInputTokens = cached,
    };

    /// <summary>
    /// Three hours and a bit of data starting at <see cref="T0"/>: rows on whole hours, inside hours and at the very
    /// last microsecond before an hour, so aggregates over ranges that cover whole hours (answered from rollups) and
    /// ranges with partial hours (raw rows) can both be compared. Values are integers or halves, so sums are exact.
    /// </summary>
    public static RowBatch Fleet()
    {
        var batch = new RowBatch();
        var times = new[]
        {
            T0, T0.AddMinutes(1), T0.AddMinutes(59).AddSeconds(59).AddTicks(9_999_990), T0.AddHours(1), T0.AddHours(1).AddTicks(10),
            T0.AddHours(2).AddMinutes(30), T0.AddHours(3).AddMinutes(5),
        };
        var gpus = new[] { Gpu("GPU-a"), Gpu("GPU-b", mig: "1"), Gpu("GPU-b", mig: "2"), Gpu("GPU-c", node: "node-b") };
        for (var t = 0; t < times.Length; t++)
        {
            for (var g = 0; g < gpus.Length; g++)
            {
                double? util = (t + g) % 4 == 3 ? double.NaN : (t * 10) + g;
                batch.GpuSamples.Add(GpuRow(times[t], gpus[g], offset: 0.5 + g, util: util));
            }

            var t1 = t;
            batch.ServingSamples.Add(ServingRow(times[t], Server("llama"), f => (int)f % 3 == 0 ? double.NaN : (int)f + t1));
            batch.ServingSamples.Add(ServingRow(times[t], Server("bert", source: "triton"), f => f == ServingField.InferenceCount ? t1 : double.NaN));
            batch.ServingHistograms.Add(Histogram(times[t], Server("llama")));
            batch.ServingHistograms.Add(Histogram(times[t], Server("llama"), ServingHistogramNames.InterToken));
            batch.RawSamples.Add(new RawSample(times[t], "dcgm:9400", "DCGM_FI_DEV_NEW", "{gpu=\"0\",x=\"" + Hostile + "\"}", t == 2 ? double.NaN : t));
            batch.ScrapeStatuses.Add(new ScrapeStatus(times[t], "dcgm:9400", "dcgm", t != 3, 0.25 * t, 100 + t, t == 3 ? "line 7: " + Hostile : ""));
            batch.RequestEvents.Add(Request(times[t], $"r{t}-a", "acme", "llama", RequestStatus.Success, 100 + t, 10 * t, t));
            batch.RequestEvents.Add(Request(times[t], $"r{t}-b", "beta-" + Unicode, "llama", t % 2 == 0 ? RequestStatus.Error : RequestStatus.Timeout, null, 5, null));
            batch.RequestEvents.Add(Request(times[t], $"r{t}-c", "acme", "qwen", RequestStatus.Rejected, 7, null, 3));
        }

        return batch;
    }
}
