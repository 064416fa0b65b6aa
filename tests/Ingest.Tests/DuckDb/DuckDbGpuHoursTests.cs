using Observability.Ingest.Contract;
using Observability.Ingest.Tests.Support;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Ingest.Tests.DuckDb;

/// <summary>The slots a GPU reported per hour, counted by bits (≤ 64 slots an hour) or exactly by distinct slot.</summary>
public sealed class DuckDbGpuHoursTests
{
    // T0 is on the hour. Two rows share the first minute (and differ in their 30-second slot).
    private static readonly TimeSpan[] Offsets =
    [
        TimeSpan.Zero, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(59).Add(TimeSpan.FromSeconds(59)),
        TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(63),
    ];

    [Theory]
    [InlineData(60, 3, 2)] // one-minute slots: counted by bits
    [InlineData(30, 4, 2)] // 120 slots an hour: counted distinct
    [InlineData(3600, 1, 1)] // one slot an hour: bits
    [InlineData(7, 4, 2)] // a slot that does not divide the hour: distinct
    public async Task QueryGpuHoursAsync_RowsSharingAndSpreadOverSlots_EachSlotCountedOnce(int slotSeconds, int firstHour, int secondHour)
    {
        await using var store = StoreSql.InMemory();
        await store.WriteAsync(Batch([.. Offsets.Select(o => GpuRow(T0 + o, Gpu()))]), CancellationToken.None);

        var hours = await store.QueryGpuHoursAsync(TimeRange.All, TimeSpan.FromSeconds(slotSeconds), CancellationToken.None);

        Assert.Equal([firstHour, secondHour], hours.Select(h => h.Slots));
        Assert.Equal([T0, T0.AddHours(1)], hours.Select(h => h.Hour));
    }
}
