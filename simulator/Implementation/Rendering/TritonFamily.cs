namespace Observability.Simulator.Implementation.Rendering;

/// <summary>Pre-encoded header and sample name of one Triton metric family.</summary>
internal sealed class TritonFamily(string name, string type, string help)
{
    public byte[] Header { get; } = LabelSet.Header(name, help, type);

    public byte[] Name { get; } = LabelSet.Bytes(name);

    public static TritonFamily Counter(string name, string help) => new(name, "counter", help);

    public static TritonFamily Gauge(string name, string help) => new(name, "gauge", help);
}
