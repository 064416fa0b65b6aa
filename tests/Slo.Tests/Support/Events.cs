using Observability.Ingest.Contract;
using Observability.Ingest.Model;

namespace Observability.Slo.Tests.Support;

internal static class Events
{
    public static readonly DateTime Now = new(2026, 10, 20, 12, 0, 0, DateTimeKind.Utc);

    private static int _next;

    public static RequestEvent Request(DateTime ts, string tenant = "acme", string model = "m", bool ok = true, double ttft = 0.1, double itl = 0.01) => new()
    {
        Timestamp = ts,
        RequestId = "r" + Interlocked.Increment(ref _next),
        Tenant = tenant,
        Model = model,
        Status = ok ? RequestStatus.Success : RequestStatus.Error,
        TtftSeconds = ttft,
        InterTokenSeconds = itl,
    };

    /// <summary>Writes <paramref name="count"/> events spread evenly over [from, to), the first <paramref name="bad"/> of them failed.</summary>
    public static async Task WriteSpreadAsync(ITelemetryStore store, DateTime from, DateTime to, int count, int bad, string tenant = "acme", string model = "m")
    {
        var batch = new RowBatch();
        var step = (to - from) / count;
        for (var i = 0; i < count; i++)
        {
            batch.RequestEvents.Add(Request(from + (step * i), tenant, model, ok: i >= bad));
        }

        await store.WriteAsync(batch, CancellationToken.None);
    }
}
