using Observability.RemoteWrite.Tests.Support;
using Snappier;

namespace Observability.RemoteWrite.Tests;

/// <summary>Damaged bodies, at random but reproducibly: the intake never throws, answers 204/400/413, and a rejected body leaves nothing behind.</summary>
public sealed class FuzzTests
{
    [Fact]
    public async Task Accept_TruncatedAndBitFlippedBodies_NeverCrashAndRejectedOnesStoreNothing()
    {
        await using var intake = await IntakeUnderTest.StartAsync();
        var rng = new Random(20261127);
        var t = SampleBodies.Now(intake);
        var valid = SampleBodies.Body(t);
        var plain = Snappy.DecompressToArray(valid);
        var accepted = 0;
        var rejected = 0;

        for (var i = 0; i < 3000; i++)
        {
            var body = Damage(rng, i % 2 == 0 ? valid : plain, compressAfter: i % 2 == 1);
            var pendingBefore = intake.Intake.PendingSamples;
            var response = intake.Post(body);

            Assert.True(response.Status is 204 or 400 or 413, $"iteration {i}: status {response.Status} {response.Message}");
            if (response.Status == 204)
            {
                accepted++;
            }
            else
            {
                rejected++;
                Assert.False(string.IsNullOrEmpty(response.Message), $"iteration {i}: a rejection must say why");
                if (response.Message!.Contains("series rejected", StringComparison.Ordinal) is false)
                {
                    Assert.Equal(pendingBefore, intake.Intake.PendingSamples);
                }
            }
        }

        // The intake still works after all that.
        intake.Time.Advance(TimeSpan.FromMinutes(1));
        var after = SampleBodies.Now(intake);
        Assert.Equal(204, intake.Post(SampleBodies.Body(after, instance: "fresh:9400")).Status);
        var rows = await intake.RowsAsync();
        Assert.Contains(rows.Gpus, g => g.Target == "fresh:9400");
        Assert.True(rejected > 1000, $"only {rejected} of 3000 damaged bodies were rejected");
        Assert.True(accepted + rejected == 3000);
    }

    /// <summary>Truncates, flips bits or overwrites bytes; for protobuf damage, the result is compressed again so it passes snappy.</summary>
    private static byte[] Damage(Random rng, byte[] source, bool compressAfter)
    {
        var body = (byte[])source.Clone();
        switch (rng.Next(3))
        {
            case 0:
                body = body[..rng.Next(body.Length)];
                break;
            case 1:
                for (var flips = rng.Next(1, 4); flips > 0; flips--)
                {
                    body[rng.Next(body.Length)] ^= (byte)(1 << rng.Next(8));
                }

                break;
            default:
                body[rng.Next(body.Length)] = (byte)rng.Next(256);
                break;
        }

        return compressAfter ? Snappy.CompressToArray(body) : body;
    }
}
