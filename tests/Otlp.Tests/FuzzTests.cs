using System.Net;
using System.Text;
using Google.Protobuf;
using Observability.Collectors.Otlp.Decoding;
using Observability.Collectors.Otlp.Protocol;
using Observability.Ingest.Model;
using Observability.Otlp.Tests.Support;
using static Observability.Otlp.Tests.Support.Spans;

namespace Observability.Otlp.Tests;

/// <summary>
/// Truncated and bit-flipped bodies, protobuf and JSON: the receiver never fails (no 5xx, no dropped connection),
/// answers 200 (possibly partial success) or 400, and whatever it stores satisfies every invariant of a request event.
/// </summary>
public sealed class FuzzTests
{
    private const int Mutations = 300;

    [Fact]
    public async Task Post_MutatedProtobufAndJsonBodies_NeverCrashAndStoreNoGarbage()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var original = Export(
            Request("team-a", "llama", 100, 20, Attr("gen_ai.response.time_to_first_chunk", 0.2)),
            Request("team-b", "mistral", 5, 7, Attr("gen_ai.usage.cache_read.input_tokens", 3L)),
            Request("team-c", "llama", 1, 2, Attr("error.type", "timeout")));
        var protobuf = original.ToByteArray();
        var json = Encoding.UTF8.GetBytes(OtlpJsonForTests.Format(original));
        Assert.Equal(original, OtlpJson.Parse(json, ExportTraceServiceRequest.Parser)); // the JSON seed itself is valid
        var random = new Random(20261127);
        var answers = new Dictionary<HttpStatusCode, int>();

        foreach (var (seed, contentType) in new[] { (protobuf, "application/x-protobuf"), (json, "application/json") })
        {
            for (var i = 0; i < Mutations; i++)
            {
                var body = Mutate(seed, random);
                using var response = await h.PostBytesAsync(h.TracesUrl, body, contentType);
                answers[response.StatusCode] = answers.GetValueOrDefault(response.StatusCode) + 1;
                Assert.True(
                    response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest,
                    $"mutation {i} of the {contentType} body answered {(int)response.StatusCode}");
            }
        }

        Assert.True(answers.GetValueOrDefault(HttpStatusCode.BadRequest) > 0, "no mutation was undecodable: the fuzzing did not bite");
        Assert.True(answers.GetValueOrDefault(HttpStatusCode.OK) > 0, "no mutation decoded: the fuzzing only tested the error path");
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        foreach (var e in await h.EventsAsync())
        {
            Assert.InRange(e.Timestamp, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc), now.AddHours(1));
            Assert.False(string.IsNullOrEmpty(e.Model));
            Assert.False(string.IsNullOrEmpty(e.Tenant));
            Assert.Equal(48, e.RequestId.Length);
            foreach (var tokens in new[] { e.InputTokens, e.OutputTokens, e.CachedInputTokens })
            {
                Assert.True(tokens is null or >= 0 and <= 100_000_000, $"token count {tokens} stored");
            }

            foreach (var seconds in new[] { e.TtftSeconds, e.InterTokenSeconds, e.E2eSeconds, e.QueueSeconds })
            {
                Assert.True(double.IsNaN(seconds) || (seconds >= 0 && seconds <= 86_400), $"latency {seconds} stored");
            }

            Assert.True(Enum.IsDefined(e.Status));
        }
    }

    [Fact]
    public async Task Post_MutatedMetricsBodies_NeverCrashAndStoreNoGarbage()
    {
        await using var h = await ReceiverHarness.StartAsync();
        var recent = ((ulong)TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - 1000) * 1_000_000;
        var json = SharedFixtures.Text(Path.Combine("otlp", "metrics.json")).Replace("1544712660300000000", recent.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var protobuf = OtlpJson.Parse(Encoding.UTF8.GetBytes(json), ExportMetricsServiceRequest.Parser).ToByteArray();
        var random = new Random(27112026);

        for (var i = 0; i < Mutations; i++)
        {
            using var response = await h.PostBytesAsync(h.MetricsUrl, Mutate(protobuf, random), "application/x-protobuf");
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"mutation {i} answered {(int)response.StatusCode}");
        }

        await h.Writer.FlushAsync();
        var range = Ingest.Contract.TimeRange.All;
        Assert.All(await h.Store.ReadRawSamplesAsync(range, CancellationToken.None), r => Assert.True(double.IsFinite(r.Value)));
        Assert.All(await h.Store.ReadServingHistogramsAsync(range, null, CancellationToken.None), x =>
        {
            Assert.Equal(x.Count, x.BucketCounts.Sum());
            Assert.True(double.IsPositiveInfinity(x.UpperBounds[^1]));
            Assert.True(x.UpperBounds.Zip(x.UpperBounds.Skip(1)).All(p => p.First < p.Second), "bounds not increasing");
        });
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var body = (byte[])seed.Clone();
        switch (random.Next(3))
        {
            case 0:
                return body[..random.Next(body.Length)]; // truncated
            case 1:
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    body[random.Next(body.Length)] ^= (byte)(1 << random.Next(8)); // bit flips
                }

                return body;
            default:
                var at = random.Next(body.Length);
                body[at] = (byte)random.Next(256); // a random byte
                return body[..random.Next(at, body.Length + 1)];
        }
    }
}

/// <summary>Formats an export as OTLP JSON (hex ids), the inverse of <see cref="OtlpJson"/>.</summary>
internal static class OtlpJsonForTests
{
    public static string Format(ExportTraceServiceRequest request)
    {
        var json = JsonFormatter.Default.Format(request);
        foreach (var span in request.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans))
        {
            foreach (var id in new[] { span.TraceId, span.SpanId })
            {
                json = json.Replace($"\"{id.ToBase64()}\"", $"\"{Convert.ToHexString(id.Span)}\"", StringComparison.Ordinal);
            }
        }

        return json;
    }
}
