using DuckDB.NET.Data;
using Observability.Ingest.Contract;

namespace Observability.Ingest.DuckDb;

/// <summary>Cost attribution's part of the embedded store: the price-book history and the allocation ledger.</summary>
public sealed partial class DuckDbTelemetryStore : ICostStore
{
    public Task<int> AddPriceBookVersionAsync(PriceBookVersion document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        return WriteWithGateAsync(c => CostQueries.AddPriceBook(c, document), cancellationToken);
    }

    public async Task<IReadOnlyList<PriceBookVersion>> ReadPriceBookVersionsAsync(CancellationToken cancellationToken) =>
        await ReadAsync(CostQueries.PriceBooks, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<GpuHourUsage>> QueryGpuHoursAsync(TimeRange range, TimeSpan slot, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slot, TimeSpan.FromSeconds(1));
        return await ReadAsync(c => CostQueries.GpuHours(c, range, slot), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RequestHourUsage>> QueryRequestHoursAsync(TimeRange range, CancellationToken cancellationToken) =>
        await ReadAsync(c => CostQueries.RequestHours(c, range), cancellationToken).ConfigureAwait(false);

    public Task ReplaceAllocationsAsync(TimeRange range, IReadOnlyList<CostAllocationLine> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return WriteWithGateAsync(
            c =>
            {
                CostQueries.ReplaceAllocations(c, range, lines);
                return 0;
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<CostAllocationLine>> ReadAllocationsAsync(TimeRange range, CancellationToken cancellationToken) =>
        await ReadAsync(c => CostQueries.Allocations(c, range), cancellationToken).ConfigureAwait(false);

    public Task<int> AddChargebackRevisionAsync(ChargebackRevision revision, IReadOnlyList<CostAllocationLine> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(revision);
        ArgumentNullException.ThrowIfNull(lines);
        return WriteWithGateAsync(c => CostQueries.AddRevision(c, revision, lines), cancellationToken);
    }

    public async Task<IReadOnlyList<ChargebackRevision>> ReadChargebackRevisionsAsync(string month, CancellationToken cancellationToken) =>
        await ReadAsync(c => CostQueries.Revisions(c, month), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<CostAllocationLine>> ReadChargebackLinesAsync(string month, int revision, CancellationToken cancellationToken) =>
        await ReadAsync(c => CostQueries.FrozenLines(c, month, revision), cancellationToken).ConfigureAwait(false);

    /// <summary>Runs a write on the primary connection under the same gate as telemetry batches.</summary>
    private async Task<T> WriteWithGateAsync<T>(Func<DuckDBConnection, T> write, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return WithQueryMemory(EnsureOpen(), write);
        }
        finally
        {
            _gate.Release();
        }
    }
}
