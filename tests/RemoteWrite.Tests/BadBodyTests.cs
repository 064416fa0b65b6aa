using Google.Protobuf;
using Observability.RemoteWrite.Protocol;
using Observability.RemoteWrite.Tests.Support;
using Snappier;

namespace Observability.RemoteWrite.Tests;

/// <summary>Each kind of bad request gets the status the remote_write spec asks for, a reason, a count, and stores nothing.</summary>
public sealed class BadBodyTests
{
    [Fact]
    public async Task Accept_ValidBody_204AndRows()
    {
        await using var intake = await IntakeUnderTest.StartAsync();
        var response = intake.Post(SampleBodies.Body(SampleBodies.Now(intake)));

        Assert.Equal(204, response.Status);
        var rows = await intake.RowsAsync();
        Assert.Equal(2, rows.Gpus.Count);
        Assert.Single(rows.Serving);
        Assert.Equal(1, intake.Counters.Sum("obs_remote_write_requests", ("outcome", "ok")));
        Assert.Equal(5, intake.Counters.Sum("obs_remote_write_samples"));
    }

    public static TheoryData<string, Func<byte[], byte[]>> Broken => new()
    {
        { "uncompressed protobuf", body => Snappy.DecompressToArray(body) },
        { "plain text", _ => "up 1\n"u8.ToArray() },
        { "empty", _ => [] },
        { "truncated to half", body => body[..(body.Length / 2)] },
        { "truncated by one byte", body => body[..^1] },
        { "length header larger than the data", body => [0xFF, 0xFF, 0x03, .. body[3..]] },
        { "gzip instead of snappy", body => [0x1f, 0x8b, 0x08, 0x00, .. body] },
        { "valid snappy around garbage", _ => Snappy.CompressToArray([0x0A, 0xFF, 0xFF, 0xFF, 0x0F, 0x01]) },
        { "series shorter than its length", _ => Snappy.CompressToArray([0x0A, 0x05, 0x0A, 0x03]) },
        { "end-group tag without a group", _ => Snappy.CompressToArray([0x0C]) },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task Accept_UndecodableBody_400WithReasonAndNothingStored(string what, Func<byte[], byte[]> damage)
    {
        await using var intake = await IntakeUnderTest.StartAsync();
        var response = intake.Post(damage(SampleBodies.Body(SampleBodies.Now(intake))));

        Assert.True(response.Status == 400, $"{what}: got {response.Status} {response.Message}");
        Assert.False(string.IsNullOrWhiteSpace(response.Message));
        Assert.Null(response.RetryAfter);
        Assert.Equal(0, (await intake.RowsAsync()).Count);
        Assert.Equal(1, intake.Counters.Sum("obs_remote_write_requests", ("outcome", "bad_request")));
    }

    [Theory]
    [InlineData("application/json", "snappy")]
    [InlineData("text/plain", "snappy")]
    [InlineData(null, "snappy")]
    [InlineData("application/x-protobuf;proto=io.prometheus.write.v2.Request", "snappy")]
    [InlineData("application/x-protobuf", "gzip")]
    [InlineData("application/x-protobuf", "")]
    public async Task Accept_WrongContentTypeOrEncoding_415AndNothingStored(string? contentType, string encoding)
    {
        await using var intake = await IntakeUnderTest.StartAsync();
        var response = intake.Intake.Accept(contentType, encoding, SampleBodies.Body(SampleBodies.Now(intake)));

        Assert.Equal(415, response.Status);
        Assert.Contains(contentType == "application/x-protobuf" ? "Content-Encoding" : "Content-Type", response.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await intake.RowsAsync()).Count);
        Assert.Equal(1, intake.Counters.Sum("obs_remote_write_requests", ("outcome", "unsupported_media_type")));
    }

    [Fact]
    public async Task Accept_ProtobufContentTypeWithParameters_Accepted()
    {
        await using var intake = await IntakeUnderTest.StartAsync();
        var response = intake.Intake.Accept("application/x-protobuf; proto=prometheus.WriteRequest", "SNAPPY", SampleBodies.Body(SampleBodies.Now(intake)));

        Assert.Equal(204, response.Status);
    }

    [Fact]
    public async Task Accept_BodyOverTheLimit_413AndNothingStored()
    {
        var body = SampleBodies.Body(IntakeUnderTest.Start.ToUnixTimeMilliseconds());
        await using var intake = await IntakeUnderTest.StartAsync(new RemoteWriteOptions { MaxBodyBytes = body.Length - 1 });

        var response = intake.Post(body);

        Assert.Equal(413, response.Status);
        Assert.Equal(413, intake.Intake.CheckHeaders("application/x-protobuf", "snappy", body.Length)?.Status);
        Assert.Equal(0, (await intake.RowsAsync()).Count);
        Assert.Equal(2, intake.Counters.Sum("obs_remote_write_requests", ("outcome", "too_large")));
    }

    [Fact]
    public async Task Accept_DecompressedSizeOverTheLimit_413BeforeInflating()
    {
        var request = new WriteRequest();
        request.Timeseries.Add(new TimeSeries { Labels = { new Label { Name = "__name__", Value = new string('x', 100_000) } } });
        var body = Snappy.CompressToArray(request.ToByteArray());
        await using var intake = await IntakeUnderTest.StartAsync(new RemoteWriteOptions { MaxDecodedBytes = 50_000 });

        var response = intake.Post(body);

        Assert.True(body.Length < 50_000, "the compressed body itself is small");
        Assert.Equal(413, response.Status);
        Assert.Contains("decompresses", response.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accept_SomeSeriesInvalid_RestKeptAnd400NamesTheProblem()
    {
        await using var intake = await IntakeUnderTest.StartAsync();
        var request = SampleBodies.Request(SampleBodies.Now(intake));
        request.Timeseries.Add(new TimeSeries { Labels = { new Label { Name = "job", Value = "node" } }, Samples = { new Sample { Value = 1, Timestamp = SampleBodies.Now(intake) } } });
        request.Timeseries.Add(new TimeSeries
        {
            Labels = { new Label { Name = "__name__", Value = "x" }, new Label { Name = "a", Value = "1" }, new Label { Name = "__name__", Value = "y" } },
            Samples = { new Sample { Value = 1, Timestamp = SampleBodies.Now(intake) } },
        });

        var response = intake.Post(WriteRequests.Encode(request));

        Assert.Equal(400, response.Status);
        Assert.Contains("2 series rejected", response.Message, StringComparison.Ordinal);
        Assert.Contains("no __name__", response.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await intake.RowsAsync()).Gpus.Count);
        Assert.Equal(2, intake.Counters.Sum("obs_remote_write_samples_dropped", ("reason", "invalid_series")));
    }
}
