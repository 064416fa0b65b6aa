using Google.Protobuf;
using Observability.RemoteWrite.Protocol;
using Snappier;

namespace Observability.RemoteWrite.Tests.Support;

/// <summary>Builds remote_write requests the way Prometheus does: target labels added, empty labels dropped, labels sorted, snappy block-compressed.</summary>
internal static class WriteRequests
{
    public static WriteRequest From(IEnumerable<ExposedSample> samples, long timestampMs, string job, string instance, IReadOnlyDictionary<string, string>? targetLabels = null)
    {
        var request = new WriteRequest();
        foreach (var s in samples)
        {
            request.Timeseries.Add(Series(s, timestampMs, job, instance, targetLabels));
        }

        return request;
    }

    public static TimeSeries Series(ExposedSample s, long timestampMs, string job, string instance, IReadOnlyDictionary<string, string>? targetLabels = null)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["__name__"] = s.Name, ["job"] = job, ["instance"] = instance };
        foreach (var (k, v) in targetLabels ?? new Dictionary<string, string>())
        {
            labels[k] = v;
        }

        foreach (var (k, v) in s.Labels)
        {
            labels[labels.ContainsKey(k) ? "exported_" + k : k] = v;
        }

        var series = new TimeSeries();
        series.Labels.AddRange(labels.Where(l => l.Value.Length > 0).Select(l => new Label { Name = l.Key, Value = l.Value }));
        series.Samples.Add(new Sample { Value = s.Value, Timestamp = timestampMs });
        return series;
    }

    public static byte[] Encode(WriteRequest request) => Snappy.CompressToArray(request.ToByteArray());
}
