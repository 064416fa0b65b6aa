using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace Observability.Ingest.Tests.Support;

/// <summary>
/// Waits for something the writer's background loop does. Fake time is advanced in small steps while waiting, because
/// the loop may register a timer just after any single advance; the real-time limit only catches a hung test.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    public static async Task WaitAsync(Func<bool> condition, string what, FakeTimeProvider? time = null, TimeSpan? step = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Limit)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            if (time is not null)
            {
                time.Advance(step ?? TimeSpan.FromMilliseconds(50));
            }

            await Task.Delay(5);
        }
    }

    /// <summary>Gives the background loop real time to act, for asserting that it did not.</summary>
    public static Task QuietPeriod() => Task.Delay(200);
}
