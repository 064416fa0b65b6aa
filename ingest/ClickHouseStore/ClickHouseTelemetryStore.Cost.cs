using Observability.ClickHouseStore.Cost;
using Observability.Ingest.Contract;

namespace Observability.ClickHouseStore;

/// <summary>Cost attribution's part of the ClickHouse store; writes share the telemetry writer's gate (one writer).</summary>
public sealed partial class ClickHouseTelemetryStore : ICostStore
{
    private ChCostQueries Cost => new(_connection, _topology);

    public async Task<int> AddPriceBookVersionAsync(PriceBookVersion document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        return await WriteCostAsync(() => Cost.AddPriceBookAsync(document, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PriceBookVersion>> ReadPriceBookVersionsAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await Cost.PriceBooksAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<GpuHourUsage>> QueryGpuHoursAsync(TimeRange range, TimeSpan slot, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slot, TimeSpan.FromSeconds(1));
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await Cost.GpuHoursAsync(range, slot, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RequestHourUsage>> QueryRequestHoursAsync(TimeRange range, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await Cost.RequestHoursAsync(range, cancellationToken).ConfigureAwait(false);
    }

    public Task ReplaceAllocationsAsync(TimeRange range, IReadOnlyList<CostAllocationLine> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return WriteCostAsync(async () =>
        {
            await Cost.ReplaceAllocationsAsync(range, lines, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<CostAllocationLine>> ReadAllocationsAsync(TimeRange range, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await Cost.AllocationsAsync(range, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> AddChargebackRevisionAsync(ChargebackRevision revision, IReadOnlyList<CostAllocationLine> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        ArgumentNullException.ThrowIfNull(lines);
        return await WriteCostAsync(() => Cost.AddRevisionAsync(revision, lines, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ChargebackRevision>> ReadChargebackRevisionsAsync(string month, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await Cost.RevisionsAsync(month, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CostAllocationLine>> ReadChargebackLinesAsync(string month, int revision, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await Cost.FrozenLinesAsync(month, revision, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> WriteCostAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await write().ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }
}
