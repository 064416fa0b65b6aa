using System.Text;
using Observability.Collectors.Exposition;
using Observability.Collectors.Mapping;
using Observability.Ingest.Contract;

namespace Observability.Collectors.Tests.Support;

/// <summary>Parses an exposition into a target's mappers, as the scraper does, one scrape per call.</summary>
internal sealed class MapperHarness
{
    private readonly ScrapeMapper _mapper = SourceMappers.CreateScrapeMapper();
    private readonly ExpositionParser _parser;
    private readonly TargetLabels _labels;
    private readonly bool _keepUnmapped;
    private DateTime _time = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);

    public MapperHarness(bool keepUnmapped = false, bool lenient = false, TargetLabels? labels = null)
    {
        _parser = new ExpositionParser(new ParserOptions { Lenient = lenient });
        _labels = labels ?? TargetLabels.Empty;
        _keepUnmapped = keepUnmapped;
    }

    public ScrapeMapper Mapper => _mapper;

    public ParseResult LastResult { get; private set; }

    public RowBatch Scrape(string text, ExpositionFormat format = ExpositionFormat.PrometheusText) => Scrape(Encoding.UTF8.GetBytes(text), format);

    public RowBatch Scrape(byte[] body, ExpositionFormat format = ExpositionFormat.PrometheusText)
    {
        _time = _time.AddSeconds(15);
        var batch = new RowBatch();
        var mapper = _mapper;
        mapper.Begin(new ScrapeContext(_time, "http://127.0.0.1:9400/metrics", _labels, _keepUnmapped));
        LastResult = _parser.Parse(body, format, ref mapper);
        if (LastResult.Ok)
        {
            mapper.Commit(batch);
        }
        else
        {
            mapper.Abort();
        }

        return batch;
    }
}
