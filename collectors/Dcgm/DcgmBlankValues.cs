using Observability.Ingest.Model;

namespace Observability.Collectors.Dcgm;

/// <summary>
/// DCGM reports "no value" with sentinels (DCGM_INT32_BLANK 0x7ffffff0…, DCGM_INT64_BLANK
/// 0x7ffffffffffffff0…, DCGM_FP64_BLANK 2^47…). Current exporters skip them, older ones leaked
/// them as huge numbers: they must never reach the store as real readings.
/// </summary>
internal static class DcgmBlankValues
{
    private const double Int64Blank = 9.2233720368547758e18 - 4096; // every int64 blank, as a double
    private const double Int32BlankLow = 0x7ffffff0;
    private const double Int32BlankHigh = 0x7fffffff;
    private const double Fp64BlankLow = 140737488355328.0;
    private const double Fp64BlankHigh = Fp64BlankLow + 16;

    /// <summary>
    /// Whether <paramref name="value"/> is a sentinel. The 32-bit and float sentinels are checked for
    /// gauges only: 64-bit counters such as energy in mJ pass through those ranges legitimately.
    /// </summary>
    public static bool IsBlank(double value, MetricKind kind)
    {
        if (value >= Int64Blank)
        {
            return true;
        }

        return kind == MetricKind.Gauge
            && ((value >= Int32BlankLow && value <= Int32BlankHigh) || (value >= Fp64BlankLow && value <= Fp64BlankHigh));
    }
}
