using BenchmarkDotNet.Attributes;

namespace Observability.Benchmarks;

/// <summary>
/// The same measurement on a full scrape as dcgm-exporter writes it with its default counter set:
/// 25 fields with HELP/TYPE for each of 4,096 GPUs (the capture's label layout, 512 hosts),
/// 102,400 samples — about 100,000 series. Here a GPU row spreads over 25 samples, so bytes per
/// sample under 24 (the smallest object) alone proves under one allocation per sample.
/// </summary>
[MemoryDiagnoser]
public class DcgmDefaultCountersBenchmarks : DcgmParseMapBenchmarks
{
    private const int Samples = 512 * 8 * 25;

    protected override (byte[] Body, int Samples) Build() =>
        ScaledCapture.BuildDefaultCounters("dcgm-h100-k8s-aicr.prom", "dcgm-default-counters.csv", 512);

    protected override int ExpectedSamples => Samples;

    [Benchmark(Baseline = true, OperationsPerInvoke = Samples)]
    public int ParseOnly() => Parse();

    [Benchmark(OperationsPerInvoke = Samples)]
    public int ParseAndMap() => Map();
}
