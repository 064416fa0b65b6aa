using System.Text.Unicode;
using Observability.RemoteWrite.Protocol;

namespace Observability.RemoteWrite.Implementation;

/// <summary>
/// Walks a remote_write 1.0 WriteRequest (field numbers as in <c>Protos/remote_write.proto</c>) without building
/// its object graph: the hot path of the intake. The generated classes stay the reference: tests check this reader
/// agrees with them. <see cref="Check"/> validates a whole body first, so the intake either takes a request whole or
/// rejects it whole; <see cref="ForEachSeries"/> then cannot fail.
/// </summary>
internal static class WriteRequestReader
{
    /// <summary>Null when the body is a well-formed WriteRequest (labels valid UTF-8), else why not.</summary>
    public static string? Check(ReadOnlySpan<byte> body, SeriesView scratch, out int series, out int samples)
    {
        series = samples = 0;
        var wire = new ProtoWire(body);
        while (wire.NextField(out var field, out var type))
        {
            if (field == 1 && type == ProtoWire.Len)
            {
                var message = wire.ReadBytes();
                if (wire.Error is null && ReadSeries(message, 0, scratch, validate: true) is { } error)
                {
                    return $"timeseries {series}: {error}";
                }

                series++;
                samples += scratch.Samples.Count;
            }
            else if (field == 3 && type == ProtoWire.Len)
            {
                var message = wire.ReadBytes();
                if (wire.Error is null && ReadMetadata(message, out _, out _) is { } error)
                {
                    return $"metadata: {error}";
                }
            }
            else
            {
                wire.Skip(type);
            }
        }

        return wire.Error;
    }

    /// <summary>
    /// Reads the next series of a body that passed <see cref="Check"/> (so without checking UTF-8 again) into <paramref name="view"/> (label offsets
    /// relative to <paramref name="body"/>); false after the last one.
    /// </summary>
    public static bool NextSeries(ref ProtoWire wire, ReadOnlySpan<byte> body, SeriesView view)
    {
        while (wire.NextField(out var field, out var type))
        {
            if (field == 1 && type == ProtoWire.Len)
            {
                var message = wire.ReadBytes();
                ReadSeries(message, OffsetOf(body, message), view, validate: false);
                return true;
            }

            wire.Skip(type);
        }

        return false;
    }

    /// <summary>Reads the next metadata entry of a body that passed <see cref="Check"/>; false after the last one.</summary>
    public static bool NextMetadata(ref ProtoWire wire, out MetricMetadata.Types.MetricType metricType, out ReadOnlySpan<byte> name)
    {
        while (wire.NextField(out var field, out var type))
        {
            if (field == 3 && type == ProtoWire.Len)
            {
                ReadMetadata(wire.ReadBytes(), out metricType, out name);
                return true;
            }

            wire.Skip(type);
        }

        metricType = MetricMetadata.Types.MetricType.Unknown;
        name = default;
        return false;
    }

    private static string? ReadSeries(ReadOnlySpan<byte> message, int offset, SeriesView view, bool validate)
    {
        view.Clear();
        var wire = new ProtoWire(message);
        while (wire.NextField(out var field, out var type))
        {
            switch (field, type)
            {
                case (1, ProtoWire.Len):
                    var label = wire.ReadBytes();
                    if (wire.Error is null)
                    {
                        if (ReadLabel(label, OffsetOf(message, label) + offset, validate, out var span) is { } error)
                        {
                            return error;
                        }

                        view.Labels.Add(span);
                    }

                    break;
                case (2, ProtoWire.Len):
                    var sample = wire.ReadBytes();
                    if (wire.Error is null)
                    {
                        if (ReadSample(sample, out var value) is { } error)
                        {
                            return error;
                        }

                        view.Samples.Add(value);
                    }

                    break;
                case (4, ProtoWire.Len):
                    wire.ReadBytes();
                    view.Histograms++;
                    break;
                default:
                    wire.Skip(type);
                    break;
            }
        }

        return wire.Error;
    }

    private static string? ReadLabel(ReadOnlySpan<byte> message, int offset, bool validate, out LabelSpan span)
    {
        span = default;
        int nameStart = offset, nameLength = 0, valueStart = offset, valueLength = 0;
        var wire = new ProtoWire(message);
        while (wire.NextField(out var field, out var type))
        {
            if (field is 1 or 2 && type == ProtoWire.Len)
            {
                var text = wire.ReadBytes();
                if (validate && wire.Error is null && !Utf8.IsValid(text))
                {
                    return "label is not valid UTF-8";
                }

                if (field == 1)
                {
                    (nameStart, nameLength) = (offset + OffsetOf(message, text), text.Length);
                }
                else
                {
                    (valueStart, valueLength) = (offset + OffsetOf(message, text), text.Length);
                }
            }
            else
            {
                wire.Skip(type);
            }
        }

        span = new LabelSpan(nameStart, nameLength, valueStart, valueLength);
        return wire.Error;
    }

    private static string? ReadSample(ReadOnlySpan<byte> message, out SampleValue sample)
    {
        double value = 0;
        long timestamp = 0;
        var wire = new ProtoWire(message);
        while (wire.NextField(out var field, out var type))
        {
            if (field == 1 && type == ProtoWire.Fixed64)
            {
                value = wire.ReadDouble();
            }
            else if (field == 2 && type == ProtoWire.Varint)
            {
                timestamp = (long)wire.ReadVarint();
            }
            else
            {
                wire.Skip(type);
            }
        }

        sample = new SampleValue(value, timestamp);
        return wire.Error;
    }

    private static string? ReadMetadata(ReadOnlySpan<byte> message, out MetricMetadata.Types.MetricType metricType, out ReadOnlySpan<byte> name)
    {
        metricType = MetricMetadata.Types.MetricType.Unknown;
        name = default;
        var wire = new ProtoWire(message);
        while (wire.NextField(out var field, out var type))
        {
            if (field == 1 && type == ProtoWire.Varint)
            {
                metricType = (MetricMetadata.Types.MetricType)(int)wire.ReadVarint();
            }
            else if (field == 2 && type == ProtoWire.Len)
            {
                name = wire.ReadBytes();
                if (wire.Error is null && !Utf8.IsValid(name))
                {
                    return "metric family name is not valid UTF-8";
                }
            }
            else
            {
                wire.Skip(type);
            }
        }

        return wire.Error;
    }

    /// <summary>Where <paramref name="inner"/> starts within <paramref name="outer"/> (it is always a slice of it).</summary>
    private static int OffsetOf(ReadOnlySpan<byte> outer, ReadOnlySpan<byte> inner) =>
        inner.IsEmpty ? 0 : (int)System.Runtime.CompilerServices.Unsafe.ByteOffset(
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(outer),
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(inner));
}
