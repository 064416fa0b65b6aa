using Observability.Collectors.Exposition;
using Observability.Ingest.Contract;

namespace Observability.Collectors.Mapping;

/// <summary>
/// Maps the samples of one kind of source (dcgm-exporter, vLLM, Triton…) into domain rows.
/// One instance per scrape target: it keeps the previous scrape's counter values to turn
/// counters into increases. A scrape is all-or-nothing: samples arrive through
/// <see cref="OnSample"/>, then either <see cref="Commit"/> (rows out, counter state advanced)
/// or <see cref="Abort"/> (nothing out, counter state untouched).
/// </summary>
public interface ISourceMapper
{
    /// <summary>Whether this mapper handles the sample with this name; asked for every sample, so it must be cheap.</summary>
    bool Claims(ReadOnlySpan<byte> sampleName);

    /// <summary>Takes one claimed sample. Returns false when the mapper did not map it (it is then treated as unmapped).</summary>
    bool OnSample(in Sample sample, ScrapeContext context);

    /// <summary>Emits this scrape's rows into <paramref name="batch"/> and advances counter state.</summary>
    void Commit(RowBatch batch, ScrapeContext context);

    /// <summary>Forgets everything taken since the last commit.</summary>
    void Abort();
}
