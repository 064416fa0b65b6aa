using Observability.Collectors.Mapping;
using Observability.RemoteWrite.Protocol;
using Observability.Simulator;

namespace Observability.RemoteWrite.Tests.Support;

/// <summary>
/// Pages of the simulated fleet at chosen instants, fed both ways: straight into the scrape path, and as the
/// remote_write requests a Prometheus scraping the same pages would send (target labels, <c>up</c> and
/// <c>scrape_*</c> series added, series spread over shards).
/// </summary>
internal sealed class SimulatedScrapes
{
    private static readonly string[] TargetLabelKeys = ["cluster", "node", "namespace", "pod", "tenant"];

    public SimulatedScrapes(FleetSimulator simulator)
    {
        Simulator = simulator;
        Direct = simulator.Endpoints.ToDictionary(e => e.Path, e => new DirectScrape(Instance(e), e.Kind.ToString(), TargetLabels.From(e.Labels)));
    }

    public FleetSimulator Simulator { get; }

    public Dictionary<string, DirectScrape> Direct { get; }

    public static string Instance(SimulatedEndpoint e) => "http://simulator" + e.Path;

    /// <summary>Renders every page now; returns the direct path's batches and the remote_write series of that scrape.</summary>
    public (List<Ingest.Contract.RowBatch> Direct, List<TimeSeries> Series) ScrapeAll(long timestampMs)
    {
        var batches = new List<Ingest.Contract.RowBatch>();
        var series = new List<TimeSeries>();
        foreach (var endpoint in Simulator.Endpoints)
        {
            var text = Simulator.RenderText(endpoint);
            batches.Add(Direct[endpoint.Path].Scrape(text, timestampMs));
            var samples = ExposedSample.Parse(text);
            var labels = endpoint.Labels.Where(l => TargetLabelKeys.Contains(l.Key)).ToDictionary(l => l.Key, l => l.Value);
            var job = endpoint.Kind.ToString();
            series.AddRange(samples.Select(s => WriteRequests.Series(s, timestampMs, job, Instance(endpoint), labels)));
            series.AddRange(PrometheusSeries(samples.Count, timestampMs, job, Instance(endpoint), labels));
        }

        return (batches, series);
    }

    /// <summary>Splits series over <paramref name="shards"/> requests as Prometheus's queue shards do (by label hash).</summary>
    public static List<byte[]> Shard(IEnumerable<TimeSeries> series, int shards)
    {
        var requests = Enumerable.Range(0, shards).Select(_ => new WriteRequest()).ToList();
        foreach (var s in series)
        {
            var hash = (uint)string.Join(',', s.Labels.Select(l => l.Name + "=" + l.Value)).GetHashCode(StringComparison.Ordinal);
            requests[(int)(hash % (uint)shards)].Timeseries.Add(s);
        }

        return [.. requests.Select(WriteRequests.Encode)];
    }

    private static IEnumerable<TimeSeries> PrometheusSeries(int samples, long timestampMs, string job, string instance, Dictionary<string, string> labels)
    {
        yield return WriteRequests.Series(new ExposedSample("up", [], 1), timestampMs, job, instance, labels);
        yield return WriteRequests.Series(new ExposedSample("scrape_duration_seconds", [], 0.01), timestampMs, job, instance, labels);
        yield return WriteRequests.Series(new ExposedSample("scrape_samples_scraped", [], samples), timestampMs, job, instance, labels);
        yield return WriteRequests.Series(new ExposedSample("scrape_series_added", [], 0), timestampMs, job, instance, labels);
    }
}
