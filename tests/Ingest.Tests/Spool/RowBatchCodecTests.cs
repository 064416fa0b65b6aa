using Observability.Ingest.Contract;
using Observability.Ingest.Model;
using Observability.Ingest.Spool;
using Observability.Ingest.Tests.Support;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Ingest.Tests.Spool;

public sealed class RowBatchCodecTests
{
    /// <summary>A NaN with a payload: not the canonical NaN the encoder treats as "absent", so it must survive bit for bit.</summary>
    private static readonly double PayloadNaN = BitConverter.Int64BitsToDouble(0x7FF8_0000_DEAD_BEEF);

    private const string Awkward = "nul\0inside-" + Unicode + "-\U0001F600-tab\t-newline\n";

    /// <summary>An unpaired surrogate: not encodable in UTF-8, so the encoder must fall back to UTF-16.</summary>
    private const string LoneSurrogate = "half-\uD800-pair";

    [Fact]
    public void Decode_EveryTableWithAwkwardValues_ReturnsTheSameRowsBitForBit()
    {
        var batch = EveryTable();

        var decoded = RoundTrip(batch, out _);

        BatchAssert.Equal(batch, decoded);
    }

    [Fact]
    public void Decode_RowsSharingAnIdentity_ShareOneInstanceAndEncodeItOnce()
    {
        var gpu = Gpu();
        var batch = Batch(GpuRow(T0, gpu), GpuRow(T0.AddSeconds(1), gpu), GpuRow(T0.AddSeconds(2), Gpu("GPU-2")));

        var decoded = RoundTrip(batch, out var oneRowMore);
        var twoRows = Encode(Batch(GpuRow(T0, gpu), GpuRow(T0.AddSeconds(1), gpu))).Length;
        var oneRow = Encode(Batch(GpuRow(T0, gpu))).Length;

        Assert.Same(decoded.GpuSamples[0].Gpu, decoded.GpuSamples[1].Gpu);
        Assert.NotSame(decoded.GpuSamples[1].Gpu, decoded.GpuSamples[2].Gpu);
        // A repeated row costs its present values (33 of 49 here), the bitmap and a few bytes of references and time.
        var present = decoded.GpuSamples[0].Values.Count(v => !double.IsNaN(v));
        Assert.InRange(twoRows - oneRow, present * 8, (present * 8) + 7 + 8);
        Assert.True(oneRowMore > twoRows);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)] // header 126: one byte
    [InlineData(64)] // header 128: two bytes
    [InlineData(8_191)]
    [InlineData(8_192)] // two bytes to three
    [InlineData(300_000)]
    public void Decode_StringsAcrossLengthHeaderSizes_RoundTripInUtf8AndUtf16(int length)
    {
        var ascii = new string('x', length);
        var withSurrogate = length == 0 ? LoneSurrogate : ascii[..(length / 2)] + "\uDC00" + ascii[(length / 2)..];
        var multiByte = string.Concat(Enumerable.Repeat("é", length));
        var batch = new RowBatch { BatchId = ascii };
        batch.RawSamples.Add(new RawSample(T0, ascii, withSurrogate, multiByte, 1));

        BatchAssert.Equal(batch, RoundTrip(batch, out _));
    }

    [Fact]
    public void Decode_RowsOfAbsentValuesAtTheEndOfTheRecord_RoundTrip()
    {
        // A row of 49 absent values takes a 7-byte bitmap: fewer bytes than values, which a bound on bytes left rejected.
        var batch = Batch(new GpuSample(T0, "t", Gpu(), GpuSample.NewValues()));
        var serving = new RowBatch();
        serving.ServingSamples.Add(new ServingSample(T0, "t", Server(), ServingSample.NewValues()));

        BatchAssert.Equal(batch, RoundTrip(batch, out _));
        BatchAssert.Equal(serving, RoundTrip(serving, out _));
    }

    [Fact]
    public void Decode_EmptyBatchWithoutId_RoundTrips()
    {
        var decoded = RoundTrip(new RowBatch(), out var size);

        Assert.True(decoded.IsEmpty);
        Assert.Null(decoded.BatchId);
        Assert.Equal(8, size); // version, null id, six empty tables
    }

    [Fact]
    public void Decode_RecordFromABuildWithFewerFields_PadsTheNewFieldsWithNaN()
    {
        // Written by hand as a build that knew three GPU fields would have written it: version 1, no id, one GPU row.
        var older = new ByteWriter();
        older.WriteByte(1);
        older.WriteVarUInt(0);
        older.WriteVarUInt(1);
        older.WriteVarInt(T0.ToBinary());
        older.WriteVarUInt(1);
        older.WriteStringBody("dcgm:9400");
        older.WriteVarUInt(0); // a new identity: its 13 strings follow, all the same string (reference 1)
        for (var i = 0; i < 13; i++)
        {
            older.WriteVarUInt(1);
        }

        older.WriteVarUInt(3);
        older.WriteByte(0b101);
        older.WriteDouble(1.5);
        older.WriteDouble(-2.5);
        for (var table = 0; table < 5; table++)
        {
            older.WriteVarUInt(0);
        }

        var row = Assert.Single(RowBatchDecoder.Decode(older.WrittenSpan).GpuSamples);

        Assert.Equal(T0, row.Timestamp);
        Assert.Equal("dcgm:9400", row.Gpu.Uuid);
        Assert.Equal(GpuFieldCatalog.Count, row.Values.Length);
        Assert.Equal(1.5, row.Values[0]);
        Assert.True(double.IsNaN(row.Values[1]));
        Assert.Equal(-2.5, row.Values[2]);
        Assert.All(row.Values.Skip(3), v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void Decode_NewerFormatVersion_ThrowsNamingTheVersion()
    {
        var payload = Encode(EveryTable());
        payload[0] = 2;

        var error = Assert.Throws<InvalidDataException>(() => RowBatchDecoder.Decode(payload));

        Assert.Contains("version 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_EveryTruncation_ThrowsInvalidDataRatherThanReturningPartialRows()
    {
        var payload = Encode(EveryTable());

        for (var length = 0; length < payload.Length; length++)
        {
            var cut = payload.AsSpan(0, length).ToArray();
            Assert.Throws<InvalidDataException>(() => RowBatchDecoder.Decode(cut));
        }
    }

    [Fact]
    public void Decode_TrailingBytes_Throws()
    {
        var payload = Encode(new RowBatch());

        Assert.Throws<InvalidDataException>(() => RowBatchDecoder.Decode([.. payload, 0]));
    }

    internal static RowBatch EveryTable()
    {
        var gpuValues = GpuSample.NewValues();
        gpuValues[0] = PayloadNaN;
        gpuValues[1] = -0.0;
        gpuValues[2] = double.PositiveInfinity;
        gpuValues[3] = double.NegativeInfinity;
        gpuValues[4] = double.Epsilon;
        gpuValues[5] = double.MaxValue;
        gpuValues[GpuFieldCatalog.Count - 1] = 1e-300;
        var servingValues = ServingSample.NewValues();
        servingValues[(int)ServingField.KvCacheUsage] = 0.1 + 0.2;
        var gpu = new GpuIdentity(Awkward, "", "0", "GPU-" + LoneSurrogate, "", "", "H100", "", "", "", "", "", "");
        var server = Server(model: Awkward);
        var batch = new RowBatch { BatchId = "0193a1b2c3d4e5f6a7b8c9d0e1f2a3b4" };
        batch.GpuSamples.Add(new GpuSample(T0, "dcgm:9400", gpu, gpuValues));
        batch.GpuSamples.Add(GpuRow(T0.AddTicks(-1), Gpu()));
        batch.GpuSamples.Add(new GpuSample(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Unspecified), "", gpu, GpuSample.NewValues()));
        batch.ServingSamples.Add(new ServingSample(T0.AddTicks(7), "vllm:8000", server, servingValues));
        batch.ServingSamples.Add(ServingRow(T0, Server(), f => (double)f));
        batch.ServingHistograms.Add(Histogram(T0, server));
        batch.ServingHistograms.Add(new ServingHistogram(T0, "t", server, ServingHistogramNames.PromptTokens, [], [], 0, double.NaN));
        batch.ServingHistograms.Add(new ServingHistogram(DateTime.MinValue, "t", Server(), "m", [double.PositiveInfinity], [PayloadNaN], -0.0, 1e308));
        batch.RawSamples.Add(new RawSample(T0, "t", "name_" + Awkward, "{a=\"" + LoneSurrogate + "\"}", PayloadNaN));
        batch.RawSamples.Add(new RawSample(DateTime.MaxValue, "", "", "", double.NaN));
        batch.ScrapeStatuses.Add(new ScrapeStatus(T0, "t", "job", true, 0.125, 12345, ""));
        batch.ScrapeStatuses.Add(new ScrapeStatus(T0, "t", "job", false, double.NaN, -1, "line 7: " + Awkward));
        batch.RequestEvents.Add(new RequestEvent
        {
            Timestamp = T0.AddTicks(1234567),
            RequestId = "trace-span",
            Tenant = "tenant-" + Hostile,
            Model = Awkward,
            Deployment = "dep",
            Route = "/v1/chat/completions",
            Operation = "chat",
            Provider = "vllm",
            Status = RequestStatus.Timeout,
            ErrorType = "deadline",
            InputTokens = long.MaxValue,
            OutputTokens = 0,
            CachedInputTokens = long.MinValue,
            TtftSeconds = 0.25,
            InterTokenSeconds = -0.0,
            E2eSeconds = PayloadNaN,
            QueueSeconds = double.PositiveInfinity,
            Cluster = "c1",
            Namespace = LoneSurrogate,
            Pod = "pod-1",
            Node = "node-a",
            GpuUuid = "GPU-1",
        });
        batch.RequestEvents.Add(new RequestEvent
        {
            Timestamp = T0,
            RequestId = "b",
            Tenant = RequestEvent.UnknownTenant,
            Model = "m",
            Status = RequestStatus.Rejected,
            OutputTokens = -5,
        });
        return batch;
    }

    private static byte[] Encode(RowBatch batch)
    {
        var output = new ByteWriter(16);
        new RowBatchEncoder().Encode(batch, output);
        return output.WrittenSpan.ToArray();
    }

    private static RowBatch RoundTrip(RowBatch batch, out int size)
    {
        var payload = Encode(batch);
        size = payload.Length;
        return RowBatchDecoder.Decode(payload);
    }
}
