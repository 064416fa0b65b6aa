using System.Text;
using Observability.Collectors.Exposition;
using Observability.Collectors.Mapping;
using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.RemoteWrite.Tests.Support;

/// <summary>The scrape path for one target without HTTP: parse the exposition into the target's mappers, as TargetScraper does.</summary>
internal sealed class DirectScrape(string target, string job, TargetLabels labels, bool keepUnmapped = false)
{
    private readonly ScrapeMapper _mapper = SourceMappers.CreateScrapeMapper();
    private readonly ExpositionParser _parser = new();

    /// <summary>Samples no mapper claimed, over every scrape so far.</summary>
    public int Unmapped { get; private set; }

    public RowBatch Scrape(string text, long timestampMs)
    {
        var batch = new RowBatch();
        var mapper = _mapper;
        var timestamp = DateTime.UnixEpoch.AddMilliseconds(timestampMs);
        mapper.Begin(new ScrapeContext(timestamp, target, labels, keepUnmapped));
        var result = _parser.Parse(Encoding.UTF8.GetBytes(text), ExpositionFormat.PrometheusText, ref mapper);
        Assert.True(result.Ok, result.ToString());
        mapper.Commit(batch);
        Unmapped += mapper.UnmappedSamples;
        batch.ScrapeStatuses.Add(new ScrapeStatus(timestamp, target, job, true, 0, mapper.MappedSamples + mapper.UnmappedSamples, ""));
        return batch;
    }
}
