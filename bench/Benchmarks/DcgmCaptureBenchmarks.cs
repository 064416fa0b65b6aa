using BenchmarkDotNet.Attributes;

namespace Observability.Benchmarks;

/// <summary>
/// The real H100 capture (8 GPUs, the 4 families it shows) scaled to 4,096 GPUs (512 hosts).
/// Mapping allocates exactly two objects per GPU row (the row and its value array, 464 B); with
/// this capture's 3.75 samples per GPU that is 0.53 allocations per sample and about 124 B/sample.
/// </summary>
[MemoryDiagnoser]
public class DcgmCaptureBenchmarks : DcgmParseMapBenchmarks
{
    private const int Hosts = 512;
    private const int Samples = Hosts * 30;

    protected override (byte[] Body, int Samples) Build() => ScaledCapture.Build("dcgm-h100-k8s-aicr.prom", Hosts);

    protected override int ExpectedSamples => Samples;

    [Benchmark(Baseline = true, OperationsPerInvoke = Samples)]
    public int ParseOnly() => Parse();

    [Benchmark(OperationsPerInvoke = Samples)]
    public int ParseAndMap() => Map();
}
