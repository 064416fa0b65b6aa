using System.Text;
using Google.Protobuf;
using Observability.RemoteWrite.Implementation;
using Observability.RemoteWrite.Protocol;
using Observability.RemoteWrite.Tests.Support;

namespace Observability.RemoteWrite.Tests;

/// <summary>
/// The intake reads requests with its own span-based reader; the classes generated from the project's .proto are the
/// reference. On valid and on damaged bodies both must accept the same bodies and read the same series.
/// </summary>
public sealed class WireReaderTests
{
    [Fact]
    public void Read_ValidRequestWithMetadataAndUnknownFields_SameAsGeneratedParser()
    {
        var request = SampleBodies.Request(1_790_000_000_000);
        request.Timeseries[0].Samples.Add(new Sample { Value = double.NaN, Timestamp = 1_790_000_015_000 });
        request.Timeseries[1].Histograms.Add(ByteString.CopyFromUtf8("native"));
        request.Timeseries[1].Exemplars.Add(ByteString.CopyFromUtf8("exemplar"));
        request.Timeseries.Add(new TimeSeries { Labels = { new Label { Name = "__name__", Value = "ünïcødé_ok" }, new Label { Name = "empty", Value = "" } } });
        request.Metadata.Add(new MetricMetadata { MetricFamilyName = "DCGM_FI_DEV_GPU_UTIL", Type = MetricMetadata.Types.MetricType.Gauge, Help = "GPU utilization", Unit = "%" });
        var bytes = request.ToByteArray();
        var withUnknown = bytes.Concat(new byte[] { 0x2A, 0x02, 0x01, 0x02, 0x30, 0x07 }).ToArray();

        Assert.Equal(Describe(WriteRequest.Parser.ParseFrom(withUnknown)), Describe(withUnknown));
        Assert.Equal(("DCGM_FI_DEV_GPU_UTIL", MetricMetadata.Types.MetricType.Gauge), Metadata(withUnknown).Single());
    }

    [Fact]
    public void Read_DamagedBodies_AcceptsExactlyWhatTheGeneratedParserAcceptsAndReadsTheSame()
    {
        var rng = new Random(42);
        var valid = SampleBodies.Request(1_790_000_000_000).ToByteArray();
        var accepted = 0;
        for (var i = 0; i < 5000; i++)
        {
            var body = (byte[])valid.Clone();
            if (i % 3 == 0)
            {
                body = body[..rng.Next(body.Length)];
            }
            else
            {
                body[rng.Next(body.Length)] ^= (byte)(1 << rng.Next(8));
            }

            string? reference;
            try
            {
                reference = Describe(WriteRequest.Parser.ParseFrom(body));
            }
            catch (InvalidProtocolBufferException)
            {
                reference = null;
            }

            var ours = Describe(body);
            Assert.True(reference == ours, $"iteration {i}: generated parser {(reference is null ? "rejects" : "accepts")}, reader {(ours is null ? "rejects" : "accepts")}\n{reference}\n---\n{ours}");
            accepted += ours is null ? 0 : 1;
        }

        Assert.InRange(accepted, 500, 4500);
    }

    /// <summary>The series as text, through the generated classes.</summary>
    private static string Describe(WriteRequest request)
    {
        var text = new StringBuilder();
        foreach (var s in request.Timeseries)
        {
            text.Append(string.Join(',', s.Labels.Select(l => $"{l.Name}={l.Value}"))).Append(" h").Append(s.Histograms.Count);
            foreach (var sample in s.Samples)
            {
                text.Append(' ').Append(BitConverter.DoubleToInt64Bits(sample.Value)).Append('@').Append(sample.Timestamp);
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The series as text, through the intake's reader; null when it rejects the body.</summary>
    private static string? Describe(byte[] body)
    {
        var view = new SeriesView();
        if (WriteRequestReader.Check(body, view, out _, out _) is not null)
        {
            return null;
        }

        var text = new StringBuilder();
        var wire = new ProtoWire(body);
        while (WriteRequestReader.NextSeries(ref wire, body, view))
        {
            text.Append(string.Join(',', view.Labels.Select(l => $"{Encoding.UTF8.GetString(body, l.NameStart, l.NameLength)}={Encoding.UTF8.GetString(body, l.ValueStart, l.ValueLength)}"))).Append(" h").Append(view.Histograms);
            foreach (var sample in view.Samples)
            {
                text.Append(' ').Append(BitConverter.DoubleToInt64Bits(sample.Value)).Append('@').Append(sample.TimestampMs);
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static List<(string, MetricMetadata.Types.MetricType)> Metadata(byte[] body)
    {
        var found = new List<(string, MetricMetadata.Types.MetricType)>();
        var wire = new ProtoWire(body);
        while (WriteRequestReader.NextMetadata(ref wire, out var type, out var name))
        {
            found.Add((Encoding.UTF8.GetString(name), type));
        }

        return found;
    }
}
