using Observability.Ingest.Contract;
using Observability.Ingest.Model;
using Observability.Ingest.Spool;
using Observability.Ingest.Tests.Support;

namespace Observability.Ingest.Tests.Spool;

/// <summary>Round trips of many random batches (fixed seeds): shapes no hand-written case thought of, such as a row of absent values last.</summary>
public sealed class RowBatchCodecRandomTests
{
    private static readonly string[] Pieces = ["", "a", "gpu-0", "\0", "é", "模型", "🚀", "\uD800", "\uDFFF", "x\ty\n", "\"'\\"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Decode_RandomBatches_ReturnTheSameRowsBitForBit(int seed)
    {
        var random = new Random(seed);
        var encoder = new RowBatchEncoder();
        var output = new ByteWriter();
        for (var i = 0; i < 300; i++)
        {
            var batch = RandomBatch(random);
            output.Reset();
            encoder.Encode(batch, output);

            BatchAssert.Equal(batch, RowBatchDecoder.Decode(output.WrittenSpan));
        }
    }

    private static RowBatch RandomBatch(Random r)
    {
        var batch = new RowBatch { BatchId = r.Next(4) == 0 ? null : Text(r) };
        var gpus = Enumerable.Range(0, 1 + r.Next(3))
            .Select(_ => new GpuIdentity(Text(r), Text(r), Text(r), Text(r), Text(r), Text(r), Text(r), Text(r), Text(r), Text(r), Text(r), Text(r), Text(r)))
            .ToArray();
        var servers = Enumerable.Range(0, 1 + r.Next(3))
            .Select(_ => new ServingIdentity(Text(r), Text(r), Text(r), Text(r), Text(r), Text(r), Text(r), Text(r), Text(r), Text(r)))
            .ToArray();
        for (var i = r.Next(4); i > 0; i--)
        {
            batch.GpuSamples.Add(new GpuSample(Time(r), Text(r), gpus[r.Next(gpus.Length)], Values(r, GpuSample.NewValues())));
        }

        for (var i = r.Next(4); i > 0; i--)
        {
            batch.ServingSamples.Add(new ServingSample(Time(r), Text(r), servers[r.Next(servers.Length)], Values(r, ServingSample.NewValues())));
        }

        for (var i = r.Next(3); i > 0; i--)
        {
            batch.ServingHistograms.Add(new ServingHistogram(
                Time(r), Text(r), servers[r.Next(servers.Length)], Text(r), Doubles(r), Doubles(r), Double(r), Double(r)));
        }

        for (var i = r.Next(3); i > 0; i--)
        {
            batch.RawSamples.Add(new RawSample(Time(r), Text(r), Text(r), Text(r), Double(r)));
        }

        for (var i = r.Next(3); i > 0; i--)
        {
            batch.ScrapeStatuses.Add(new ScrapeStatus(Time(r), Text(r), Text(r), r.Next(2) == 0, Double(r), r.Next(int.MinValue, int.MaxValue), Text(r)));
        }

        for (var i = r.Next(3); i > 0; i--)
        {
            batch.RequestEvents.Add(new RequestEvent
            {
                Timestamp = Time(r),
                RequestId = Text(r),
                Tenant = Text(r),
                Model = Text(r),
                Deployment = Text(r),
                Status = (RequestStatus)r.Next(4),
                InputTokens = r.Next(2) == 0 ? null : r.NextInt64(long.MinValue, long.MaxValue),
                OutputTokens = r.Next(2) == 0 ? null : r.Next(),
                CachedInputTokens = r.Next(2) == 0 ? null : 0,
                TtftSeconds = Double(r),
                E2eSeconds = Double(r),
                GpuUuid = Text(r),
            });
        }

        return batch;
    }

    private static string Text(Random r) => string.Concat(Enumerable.Range(0, r.Next(4)).Select(_ => Pieces[r.Next(Pieces.Length)]));

    private static DateTime Time(Random r) =>
        new(r.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), r.Next(3) == 0 ? DateTimeKind.Unspecified : DateTimeKind.Utc);

    private static double Double(Random r) => r.Next(6) switch
    {
        0 => double.NaN,
        1 => BitConverter.Int64BitsToDouble(r.NextInt64()), // any bit pattern, NaN payloads included
        2 => -0.0,
        3 => double.NegativeInfinity,
        _ => (r.NextDouble() - 0.5) * 1e6,
    };

    /// <summary>Fills some values; a quarter of rows stay entirely absent.</summary>
    private static double[] Values(Random r, double[] values)
    {
        if (r.Next(4) == 0)
        {
            return values;
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (r.Next(3) == 0)
            {
                values[i] = Double(r);
            }
        }

        return values;
    }

    private static double[] Doubles(Random r) => [.. Enumerable.Range(0, r.Next(5)).Select(_ => Double(r))];
}
