namespace Observability.Collectors.Dcgm;

/// <summary>A raw label set seen on a target, resolved once to the GPU it describes.</summary>
internal sealed class DcgmLabelSet(byte[] rawLabels, DcgmGpuState gpu)
{
    public byte[] RawLabels { get; } = rawLabels;

    public DcgmGpuState Gpu { get; } = gpu;

    /// <summary>The identity these exact labels describe (same GPU may appear with other pod labels later).</summary>
    public Ingest.Model.GpuIdentity? Identity { get; init; }

    /// <summary>Scrape count when last seen; unused label sets are swept so pod churn cannot grow memory.</summary>
    public long LastSeen { get; set; }
}
