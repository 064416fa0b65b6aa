using Observability.Contract.Tests.Support;
using Observability.Ingest.Contract;
using Observability.Ingest.DuckDb;
using static Observability.Ingest.Tests.Support.TestRows;

namespace Observability.Contract.Tests.ClickHouse;

/// <summary>A DuckDB and a ClickHouse store given the same batches answer every contract method identically.</summary>
[Collection(ClickHouseCollection.Name)]
public sealed class StoresAgreeTests(ClickHouseFixture clickHouse)
{
    [Fact]
    public async Task EveryContractMethod_SameBatches_DuckDbAndClickHouseAnswerTheSame()
    {
        await using var duck = new DuckDbTelemetryStore(new DuckDbStoreOptions { DataSource = ":memory:" });
        await using var click = clickHouse.NewStore(maxRowsPerInsert: 3);
        var batches = new[] { ContractRows.Fleet(), ContractRows.Fleet(), Later() };
        batches[0].BatchId = "one";
        batches[1].BatchId = "one";
        batches[1].MayBeStored = true;
        foreach (var batch in batches)
        {
            await duck.WriteAsync(batch, CancellationToken.None);
            await click.WriteAsync(batch, CancellationToken.None);
        }

        foreach (var range in new[]
                 {
                     TimeRange.All, new(T0, T0.AddHours(3)), new(T0.AddMinutes(30), T0.AddDays(40)),
                     new(T0.AddHours(1).AddTicks(10), T0.AddHours(1).AddTicks(20)),
                 })
        {
            var expected = await Describe.EverythingAsync(duck, range);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, await Describe.EverythingAsync(click, range));
        }
    }

    /// <summary>Rows a month later, for ranges that cross a partition.</summary>
    private static RowBatch Later()
    {
        var batch = ContractRows.Fleet();
        var later = new RowBatch();
        later.GpuSamples.AddRange(batch.GpuSamples.Select(s => new Ingest.Model.GpuSample(s.Timestamp.AddDays(31), s.Target, s.Gpu, s.Values)));
        later.RequestEvents.AddRange(batch.RequestEvents.Select(e => e with { Timestamp = e.Timestamp.AddDays(31), RequestId = e.RequestId + "-later" }));
        return later;
    }
}
