using Observability.Collectors.Exposition;
using Observability.Ingest.Contract;

namespace Observability.Collectors.Mapping;

/// <summary>
/// The sink a scrape is parsed into: offers each sample to the source mappers in turn and keeps
/// (or drops, by configuration) what none of them maps. One instance per target, reused across
/// scrapes; not thread-safe.
/// </summary>
public sealed class ScrapeMapper : ISampleSink
{
    private readonly ISourceMapper[] _mappers;
    private readonly RawSampleCollector _raw = new();
    private ScrapeContext? _context;

    public ScrapeMapper(IEnumerable<ISourceMapper> mappers)
    {
        _mappers = mappers.ToArray();
    }

    /// <summary>Samples some mapper turned into rows during the current scrape.</summary>
    public int MappedSamples { get; private set; }

    /// <summary>Samples no mapper claimed during the current scrape (kept as raw rows only when configured).</summary>
    public int UnmappedSamples { get; private set; }

    public void Begin(ScrapeContext context)
    {
        _context = context;
        MappedSamples = 0;
        UnmappedSamples = 0;
        _raw.Clear();
    }

    public void OnSample(in Sample sample)
    {
        var context = _context ?? throw new InvalidOperationException("Begin must be called before parsing into the mapper.");
        var mappers = _mappers;
        for (var i = 0; i < mappers.Length; i++)
        {
            if (mappers[i].Claims(sample.Name) && mappers[i].OnSample(sample, context))
            {
                MappedSamples++;
                return;
            }
        }

        UnmappedSamples++;
        if (context.KeepUnmapped)
        {
            _raw.Add(sample, context);
        }
    }

    /// <summary>Emits the scrape's rows and advances counter state.</summary>
    public void Commit(RowBatch batch)
    {
        var context = _context ?? throw new InvalidOperationException("Begin must be called before Commit.");
        foreach (var mapper in _mappers)
        {
            mapper.Commit(batch, context);
        }

        _raw.MoveTo(batch);
        _context = null;
    }

    /// <summary>Forgets the scrape: a malformed exposition leaves no rows and no counter state behind.</summary>
    public void Abort()
    {
        foreach (var mapper in _mappers)
        {
            mapper.Abort();
        }

        _raw.Clear();
        _context = null;
    }
}
