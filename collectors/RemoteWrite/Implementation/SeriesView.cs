namespace Observability.RemoteWrite.Implementation;

/// <summary>Where one label's name and value lie in the request body.</summary>
internal readonly record struct LabelSpan(int NameStart, int NameLength, int ValueStart, int ValueLength);

/// <summary>One sample of a series as sent.</summary>
internal readonly record struct SampleValue(double Value, long TimestampMs);

/// <summary>
/// One decoded TimeSeries: its labels as offsets into the request body, and its samples. Reused from series to
/// series, so reading a request allocates nothing per series.
/// </summary>
internal sealed class SeriesView
{
    public List<LabelSpan> Labels { get; } = [];

    public List<SampleValue> Samples { get; } = [];

    public int Histograms { get; set; }

    public void Clear()
    {
        Labels.Clear();
        Samples.Clear();
        Histograms = 0;
    }
}
