namespace Observability.Simulator.Implementation.Rendering;

/// <summary>Pre-encoded names of one histogram family: HELP/TYPE header and the three sample suffixes.</summary>
internal sealed class HistogramNames(string name, string help)
{
    public byte[] Header { get; } = LabelSet.Header(name, help, "histogram");

    public byte[] Bucket { get; } = LabelSet.Bytes(name + "_bucket");

    public byte[] Count { get; } = LabelSet.Bytes(name + "_count");

    public byte[] Sum { get; } = LabelSet.Bytes(name + "_sum");

    /// <summary>prometheus_client order: buckets (le ascending, +Inf last), then _count, then _sum.</summary>
    public void WritePython(MetricWriter writer, BucketHistogram histogram, byte[] labels, byte[] leBefore, byte[] leAfter)
    {
        writer.Raw(Header);
        var le = histogram.Layout.Le;
        Span<long> cumulative = stackalloc long[le.Length];
        histogram.CopyCumulative(cumulative);
        for (var i = 0; i < le.Length; i++)
        {
            writer.SplitLabels(Bucket, leBefore, le[i], leAfter);
            writer.PythonValue(cumulative[i]);
        }

        writer.Python(Count, labels, histogram.Count);
        writer.Python(Sum, labels, histogram.Sum);
    }

    /// <summary>prometheus-cpp order: _count, _sum, then buckets with le last among the labels.</summary>
    public void WriteCpp(MetricWriter writer, BucketHistogram histogram, byte[] labels, byte[] leBefore, byte[] leAfter)
    {
        writer.Raw(Header);
        writer.Int(Count, labels, histogram.Count);
        writer.Shortest(Sum, labels, histogram.Sum);
        var le = histogram.Layout.Le;
        Span<long> cumulative = stackalloc long[le.Length];
        histogram.CopyCumulative(cumulative);
        for (var i = 0; i < le.Length; i++)
        {
            writer.SplitLabels(Bucket, leBefore, le[i], leAfter);
            writer.IntValue(cumulative[i]);
        }
    }
}
