using System.Buffers;

namespace Observability.Simulator.Implementation.Rendering;

/// <summary>
/// Appends exposition text to an <see cref="IBufferWriter{T}"/>: cached name and label bytes are
/// copied, numbers are formatted straight into the output span, nothing is built per series.
/// </summary>
internal sealed class MetricWriter(IBufferWriter<byte> output)
{
    /// <summary>Sample lines written so far, for tests and the benchmark's series count.</summary>
    public int Samples { get; private set; }

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        var span = output.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        output.Advance(bytes.Length);
    }

    /// <summary><c>name{labels} value\n</c> with a Go %d value.</summary>
    public void Int(ReadOnlySpan<byte> name, ReadOnlySpan<byte> labels, long value)
    {
        Prefix(name, labels);
        var span = output.GetSpan(PromFormat.MaxLength + 1);
        EndLine(span, PromFormat.WriteInt(value, span));
    }

    /// <summary><c>name{labels} value\n</c> with a Go %f value.</summary>
    public void Fixed6(ReadOnlySpan<byte> name, ReadOnlySpan<byte> labels, double value)
    {
        Prefix(name, labels);
        var span = output.GetSpan(PromFormat.MaxLength + 1);
        EndLine(span, PromFormat.WriteFixed6(value, span));
    }

    /// <summary><c>name{labels} value\n</c> formatted like Python's prometheus_client.</summary>
    public void Python(ReadOnlySpan<byte> name, ReadOnlySpan<byte> labels, double value)
    {
        Prefix(name, labels);
        var span = output.GetSpan(PromFormat.MaxLength + 1);
        EndLine(span, PromFormat.WritePython(value, span));
    }

    /// <summary><c>name{labels} value\n</c> formatted like prometheus-cpp.</summary>
    public void Shortest(ReadOnlySpan<byte> name, ReadOnlySpan<byte> labels, double value)
    {
        Prefix(name, labels);
        var span = output.GetSpan(PromFormat.MaxLength + 1);
        EndLine(span, PromFormat.WriteShortest(value, span));
    }

    /// <summary>A label block split around one varying value, e.g. <c>{engine="0",le="</c> + 0.5 + <c>",model_name="m"}</c>.</summary>
    public void SplitLabels(ReadOnlySpan<byte> name, ReadOnlySpan<byte> before, ReadOnlySpan<byte> middle, ReadOnlySpan<byte> after)
    {
        Raw(name);
        Raw(before);
        Raw(middle);
        Raw(after);
    }

    /// <summary>Ends a line started with <see cref="SplitLabels"/>, with a Python-style value.</summary>
    public void PythonValue(double value)
    {
        var span = output.GetSpan(PromFormat.MaxLength + 2);
        span[0] = (byte)' ';
        var n = PromFormat.WritePython(value, span[1..]);
        span[n + 1] = (byte)'\n';
        output.Advance(n + 2);
        Samples++;
    }

    /// <summary>Ends a line started with <see cref="SplitLabels"/>, with an integer value.</summary>
    public void IntValue(long value)
    {
        var span = output.GetSpan(PromFormat.MaxLength + 2);
        span[0] = (byte)' ';
        var n = PromFormat.WriteInt(value, span[1..]);
        span[n + 1] = (byte)'\n';
        output.Advance(n + 2);
        Samples++;
    }

    private void Prefix(ReadOnlySpan<byte> name, ReadOnlySpan<byte> labels)
    {
        var length = name.Length + labels.Length + 1;
        var span = output.GetSpan(length);
        name.CopyTo(span);
        labels.CopyTo(span[name.Length..]);
        span[length - 1] = (byte)' ';
        output.Advance(length);
    }

    // The value was formatted into a span of MaxLength + 1, so the newline still fits.
    private void EndLine(Span<byte> span, int valueLength)
    {
        span[valueLength] = (byte)'\n';
        output.Advance(valueLength + 1);
        Samples++;
    }
}
